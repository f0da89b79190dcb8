from datetime import timedelta

import pytest
from django.utils import timezone

from diplomacy.audit.models import AuditEntry
from diplomacy.notifications.models import Notification
from programs import services
from programs.models import Program, Registration
from tests.factories import UserFactory
from tests.programs.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING
PENDING = Registration.Status.PENDING


def register(event, user=None):
    return services.registration_create(event=event, user=user or UserFactory(), consent=True)


def sent_types(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("type_key", flat=True)
    )


def test_registrations_are_confirmed_until_capacity_then_wait():
    event = EventFactory(capacity=2)
    statuses = [register(event).status for _ in range(4)]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING, WAITING]


def test_a_session_without_capacity_confirms_everyone():
    event = EventFactory(capacity=None)
    assert {register(event).status for _ in range(5)} == {CONFIRMED}


def test_registration_writes_audit_and_notifies_in_the_participants_language():
    user = UserFactory(preferred_language="en")
    registration = register(EventFactory(), user)
    notification = Notification.objects.get(recipient=user)
    assert notification.type_key == "programs.registration_confirmed"
    assert notification.language == "en"
    assert notification.target == registration
    assert notification.context["calendar_token"]
    assert AuditEntry.objects.filter(
        action="programs.registration_created", target_id=str(registration.pk)
    ).exists()


def test_duplicate_registration_is_refused():
    event, user = EventFactory(), UserFactory()
    register(event, user)
    with pytest.raises(services.RegistrationError):
        register(event, user)
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_consent_is_required():
    with pytest.raises(services.RegistrationError):
        services.registration_create(event=EventFactory(), user=UserFactory(), consent=False)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
        {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
        {"accepts_registrations": False},
    ],
)
def test_registration_outside_the_window_is_refused(change):
    with pytest.raises(services.RegistrationError):
        register(EventFactory(**change))


def test_registration_for_a_program_not_open_is_refused():
    event = EventFactory(program__state=Program.State.PLANNED)
    with pytest.raises(services.RegistrationError):
        register(event)


def test_registration_after_the_start_is_refused():
    event = EventFactory(starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(services.RegistrationError):
        register(event)


def test_cancellation_promotes_the_first_on_the_waiting_list_who_is_notified():
    event = EventFactory(capacity=1)
    first = register(event)
    second = register(event)
    third = register(event)
    assert (second.status, third.status) == (WAITING, WAITING)

    services.registration_cancel(registration=first, actor=first.user)

    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == CONFIRMED
    assert third.status == WAITING
    assert sent_types(second.user) == [
        "programs.registration_waiting",
        "programs.registration_confirmed",
    ]
    promoted = Notification.objects.get(
        recipient=second.user, type_key="programs.registration_confirmed"
    )
    assert promoted.context["promoted"] is True
    assert sent_types(first.user)[-1] == "programs.registration_cancelled"


def test_cancelling_a_waiting_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    confirmed = register(event)
    waiting = register(event)
    later = register(event)
    services.registration_cancel(registration=waiting, actor=waiting.user)
    later.refresh_from_db(), confirmed.refresh_from_db()
    assert (confirmed.status, later.status) == (CONFIRMED, WAITING)


def test_cancelling_twice_is_refused():
    registration = register(EventFactory())
    services.registration_cancel(registration=registration, actor=registration.user)
    with pytest.raises(services.RegistrationError):
        services.registration_cancel(registration=registration, actor=registration.user)


def test_one_may_register_again_after_cancelling():
    event, user = EventFactory(), UserFactory()
    services.registration_cancel(registration=register(event, user), actor=user)
    assert register(event, user).status == CONFIRMED


def test_approval_flow_pending_then_confirmed_or_waiting_or_declined(staff_user):
    event = EventFactory(capacity=1, requires_approval=True)
    first, second, third = register(event), register(event), register(event)
    assert {first.status, second.status, third.status} == {PENDING}

    assert services.registration_approve(registration=first, actor=staff_user).status == CONFIRMED
    assert services.registration_approve(registration=second, actor=staff_user).status == WAITING
    declined = services.registration_decline(registration=third, actor=staff_user)
    assert declined.status == Registration.Status.DECLINED
    assert sent_types(first.user) == [
        "programs.registration_pending",
        "programs.registration_confirmed",
    ]
    assert sent_types(third.user)[-1] == "programs.registration_declined"
    with pytest.raises(services.RegistrationError):
        services.registration_approve(registration=first, actor=staff_user)

    # The approved person on the waiting list moves up when a place frees.
    services.registration_cancel(registration=first, actor=first.user)
    second.refresh_from_db()
    assert second.status == CONFIRMED


def test_raising_the_capacity_fills_the_new_places_from_the_waiting_list(staff_user):
    event = EventFactory(capacity=1)
    register(event)
    waiting = [register(event) for _ in range(3)]
    event.capacity = 3
    event.save(update_fields=["capacity"])
    promoted = services.event_fill_places(event=event, actor=staff_user)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.get(pk=waiting[2].pk).status == WAITING


def test_attendance_is_marked_for_confirmed_participants_only(staff_user):
    event = EventFactory(capacity=1)
    confirmed, waiting = register(event), register(event)
    services.registration_mark_attendance(registration=confirmed, attended=True, actor=staff_user)
    confirmed.refresh_from_db()
    assert confirmed.attended is True
    with pytest.raises(services.RegistrationError):
        services.registration_mark_attendance(registration=waiting, attended=True, actor=staff_user)


def test_reminder_is_sent_once_per_registration():
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=20))
    registration = register(event)
    assert services.registration_remind(registration_id=registration.pk) is True
    assert services.registration_remind(registration_id=registration.pk) is False
    assert sent_types(registration.user).count("programs.event_reminder") == 1


def test_reminders_due_are_confirmed_registrations_within_a_day():
    from programs.selectors import registrations_due_for_reminder

    soon = EventFactory(starts_at=timezone.now() + timedelta(hours=10), capacity=1)
    later = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    due = register(soon)
    register(soon)  # waiting: no reminder
    register(later)
    assert registrations_due_for_reminder() == [due.pk]


def test_staff_message_goes_to_confirmed_participants_once(staff_user):
    from programs.models import EventMessage

    event = EventFactory(capacity=2)
    confirmed = [register(event), register(event)]
    register(event)  # waiting
    message = EventMessage.objects.create(
        event=event,
        subject_ar="تغيير القاعة",
        subject_en="Room change",
        body_ar="نلتقي في القاعة الكبرى.",
        body_en="We meet in the main hall.",
    )
    assert services.event_message_send(message=message, actor=staff_user) == 2
    assert services.event_message_send(message=message, actor=staff_user) == 0
    recipients = set(
        Notification.objects.filter(type_key="programs.event_message").values_list(
            "recipient_id", flat=True
        )
    )
    assert recipients == {registration.user_id for registration in confirmed}


def test_a_registration_cannot_be_created_twice_active_by_the_database():
    from django.db import IntegrityError, transaction

    registration = RegistrationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, user=registration.user, status=WAITING)


def test_after_capacity_is_lowered_a_cancellation_promotes_nobody_until_there_is_room():
    event = EventFactory(capacity=3)
    confirmed = [register(event) for _ in range(3)]
    waiting = register(event)
    event.capacity = 1
    event.save(update_fields=["capacity"])
    services.registration_cancel(registration=confirmed[0], actor=confirmed[0].user)
    waiting.refresh_from_db()
    assert waiting.status == WAITING
    assert Registration.objects.filter(event=event, status=CONFIRMED).count() == 2
