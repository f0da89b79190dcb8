import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from delegations import services
from delegations.models import Application, ApplicationState, Meeting, MeetingStatus, Member
from diplomacy.audit.selectors import audit_entries_for
from diplomacy.notifications.models import Notification
from tests.delegations.conftest import make_coordinator
from tests.delegations.factories import ApplicationFactory, MemberFactory
from tests.delegations.test_itinerary import OrganizationMaker
from tests.factories import StaffFactory

S = ApplicationState
ALL_STATES = list(S.values)


def at(day_offset: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def application_in(state: str, **kwargs) -> Application:
    application = ApplicationFactory(state=state, **kwargs)
    if state == S.APPROVED:
        # So that "schedule" finds what it needs: one confirmed meeting.
        Meeting.objects.create(
            application=application,
            organization=OrganizationMaker.make(),
            starts_at=at(41, 10),
            ends_at=at(41, 11),
            place="Qamishlo",
            status=MeetingStatus.CONFIRMED,
        )
    return application


def actor_for(transition, application, coordinator):
    return application.applicant if transition.role == services.APPLICANT else coordinator


def run(name: str, application: Application, actor):
    return services.TRANSITION_SERVICES[name](
        application=application, actor=actor, **({"note": "Why?"} if name != "submit" else {})
    )


CASES = [
    (name, state, state in transition.sources)
    for name, transition in services.TRANSITIONS.items()
    for state in ALL_STATES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state", "allowed"), CASES)
def test_each_transition_is_allowed_only_from_its_states(name, state, allowed, coordinator):
    application = application_in(state, coordinator=coordinator)
    transition = services.TRANSITIONS[name]
    actor = actor_for(transition, application, coordinator)
    before = Notification.objects.count()
    if not allowed:
        with pytest.raises(services.TransitionNotAllowed):
            run(name, application, actor)
        application.refresh_from_db()
        assert application.state == state
        assert Notification.objects.count() == before
        return
    run(name, application, actor)
    application.refresh_from_db()
    assert application.state == transition.target
    entry = audit_entries_for(target=application).get(action=f"delegations.application.{name}")
    assert entry.actor == actor
    assert entry.data == {"from": state, "to": transition.target}
    sent = Notification.objects.filter(target_object_id=str(application.pk))
    assert sent.filter(recipient=application.applicant).count() == 1
    if transition.role == services.APPLICANT:
        # The assigned coordinator hears about what the applicant did.
        assert sent.filter(recipient=coordinator).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(services.TRANSITIONS))
def test_each_transition_is_refused_to_the_other_role(name, coordinator, other_applicant):
    transition = services.TRANSITIONS[name]
    application = application_in(transition.sources[0])
    wrong = coordinator if transition.role == services.APPLICANT else application.applicant
    with pytest.raises(PermissionDenied):
        run(name, application, wrong)
    with pytest.raises(PermissionDenied):
        run(name, application, other_applicant)
    application.refresh_from_db()
    assert application.state == transition.sources[0]


@pytest.mark.django_db
def test_notifications_go_to_each_recipient_in_their_language(coordinator):
    application = application_in(S.UNDER_REVIEW, coordinator=coordinator)
    other = make_coordinator(lead=True, preferred_language="ar")
    services.application_approve(application=application, actor=other, note="")
    rows = Notification.objects.filter(
        target_object_id=str(application.pk), type_key="delegations.application_state_changed"
    )
    assert {(row.recipient_id, row.language) for row in rows} == {
        (application.applicant_id, "ar"),
        (coordinator.pk, "en"),
    }


@pytest.mark.django_db
def test_submitting_confirms_to_the_applicant_and_tells_the_head_of_delegations(draft, coordinator):
    plain = make_coordinator()  # sees only what is assigned to them: not told
    services.application_submit(application=draft, actor=draft.applicant)
    confirmations = Notification.objects.filter(type_key="delegations.application_submitted")
    assert list(confirmations.values_list("recipient", flat=True)) == [draft.applicant_id]
    notices = Notification.objects.filter(type_key="delegations.application_received")
    recipients = set(notices.values_list("recipient", flat=True))
    assert coordinator.pk in recipients  # the head of delegations
    assert plain.pk not in recipients and draft.applicant_id not in recipients


@pytest.mark.django_db
def test_a_second_submit_of_the_same_draft_changes_nothing(draft):
    services.application_submit(application=draft, actor=draft.applicant)
    stale = Application.objects.get(pk=draft.pk)
    stale.state = S.DRAFT  # what a second click's request still believes
    with pytest.raises(services.TransitionNotAllowed):
        services.application_submit(application=stale, actor=draft.applicant)
    assert Notification.objects.filter(type_key="delegations.application_submitted").count() == 1
    assert Application.objects.filter(applicant=draft.applicant).count() == 1


@pytest.mark.django_db
def test_an_incomplete_application_cannot_be_submitted(applicant):
    application = ApplicationFactory(
        applicant=applicant, with_member=False, safety_acknowledged=False, data_consent_at=None,
        arrival_date=timezone.localdate(), purpose="",
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        services.application_submit(application=application, actor=applicant)
    assert set(raised.value.message_dict) >= {
        "members", "safety_acknowledged", "data_consent", "arrival_date", "purpose",
    }  # fmt: skip
    application.refresh_from_db()
    assert application.state == S.DRAFT


@pytest.mark.django_db
def test_a_draft_saved_twice_is_still_one_draft(applicant):
    first = services.application_draft_get_or_create(applicant=applicant)
    services.application_update(application=first, actor=applicant, fields={"organization": "A"})
    second = services.application_draft_get_or_create(applicant=applicant)
    services.application_update(application=second, actor=applicant, fields={"organization": "B"})
    assert first.pk == second.pk
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert Application.objects.get(pk=first.pk).organization == "B"


@pytest.mark.django_db
def test_the_database_refuses_a_second_draft(applicant):
    from django.db import IntegrityError, transaction

    ApplicationFactory(applicant=applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(applicant=applicant)


@pytest.mark.django_db
def test_request_information_puts_the_question_in_the_thread(coordinator):
    application = application_in(S.UNDER_REVIEW)
    services.application_request_information(
        application=application, actor=coordinator, note="Which cooperatives?"
    )
    message = application.messages.get()
    assert message.from_staff and message.body == "Which cooperatives?"
    with pytest.raises(ValidationError):
        services.application_request_information(
            application=application_in(S.UNDER_REVIEW), actor=coordinator, note=" "
        )


@pytest.mark.django_db
def test_schedule_needs_a_confirmed_meeting(coordinator):
    application = ApplicationFactory(state=S.APPROVED)
    with pytest.raises(ValidationError):
        services.application_schedule(application=application, actor=coordinator)
    application.refresh_from_db()
    assert application.state == S.APPROVED


@pytest.mark.django_db
def test_internal_notes_are_for_coordinators(draft, coordinator):
    services.application_note_add(application=draft, author=coordinator, body="Check the dates")
    with pytest.raises(PermissionDenied):
        services.application_note_add(application=draft, author=draft.applicant, body="x")


@pytest.mark.django_db
def test_messages_notify_the_other_side_once(coordinator):
    application = application_in(S.UNDER_REVIEW, coordinator=coordinator)
    services.message_post(application=application, author=application.applicant, body="Hello")
    services.message_post(application=application, author=coordinator, body="Welcome")
    rows = Notification.objects.filter(type_key="delegations.message_received")
    assert sorted(rows.values_list("recipient", flat=True)) == sorted(
        [coordinator.pk, application.applicant_id]
    )


@pytest.mark.django_db
def test_assigning_tells_the_coordinator_in_their_language(coordinator):
    application = application_in(S.SUBMITTED)
    plain = make_coordinator(preferred_language="ar")
    services.application_assign_coordinator(
        application=application, actor=coordinator, coordinator=plain
    )
    application.refresh_from_db()
    assert application.coordinator == plain
    notice = Notification.objects.get(type_key="delegations.application_assigned", recipient=plain)
    assert notice.language == "ar"
    entry = audit_entries_for(target=application).get(action="delegations.application.assign")
    assert entry.actor == coordinator and entry.data["coordinator"] == plain.pk
    with pytest.raises(ValidationError):
        services.application_assign_coordinator(
            application=application, actor=coordinator, coordinator=application.applicant
        )


@pytest.mark.django_db
def test_only_the_head_of_delegations_assigns(coordinator):
    application = application_in(S.SUBMITTED)
    plain = make_coordinator()
    services.application_assign_coordinator(
        application=application, actor=coordinator, coordinator=plain
    )
    with pytest.raises(PermissionDenied):
        services.application_assign_coordinator(
            application=application, actor=plain, coordinator=None
        )


@pytest.mark.django_db
def test_a_coordinator_acts_only_on_applications_assigned_to_them(coordinator):
    mine = application_in(S.SUBMITTED)
    theirs = application_in(S.SUBMITTED)
    plain = make_coordinator()
    services.application_assign_coordinator(application=mine, actor=coordinator, coordinator=plain)
    services.application_start_review(application=mine, actor=plain)
    for operation in (
        lambda: services.application_start_review(application=theirs, actor=plain),
        lambda: services.application_note_add(application=theirs, author=plain, body="x"),
        lambda: services.personal_data_open(
            application=theirs, actor=plain, reason="entry permit for the crossing"
        ),
    ):
        with pytest.raises(PermissionDenied):
            operation()


@pytest.mark.django_db
def test_many_passport_openings_alert_the_administrators(
    settings, coordinator, client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from diplomacy.accounts.roles import ADMINISTRATORS

    settings.PASSPORT_REVEAL_ALERT_PER_HOUR = 2
    administrator = StaffFactory(preferred_language="ar")
    administrator.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS)[0])
    application = application_in(S.SUBMITTED)
    reason = "entry permit for the crossing"
    for _ in range(2):
        services.personal_data_open(application=application, actor=coordinator, reason=reason)
    alerts = Notification.objects.filter(type_key="delegations.personal_data_reveals")
    assert not alerts.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # the third crosses the line; one alert per hour, not three
            services.personal_data_open(application=application, actor=coordinator, reason=reason)
    alert = alerts.get()
    assert alert.recipient == administrator and alert.language == "ar"
    assert alert.target_object_id == str(coordinator.pk)
    assert coordinator.pk not in set(alerts.values_list("recipient", flat=True))
    # By email from the outbox, and in the administrator's inbox on the portal, in Arabic.
    assert [message.to for message in mailoutbox] == [[administrator.email]]
    assert "بيانات الجوازات" in mailoutbox[0].subject
    client.force_login(administrator)
    inbox = client.get("/ar/notifications/").content.decode()
    assert "فتح" in inbox and str(coordinator) in inbox


@pytest.mark.django_db
def test_a_reveal_needs_a_reason_of_a_few_words(coordinator):
    application = application_in(S.SUBMITTED)
    for reason in ("", "check", "see it"):
        with pytest.raises(ValidationError) as raised:
            services.personal_data_open(application=application, actor=coordinator, reason=reason)
        assert "reason" in raised.value.message_dict
    assert not audit_entries_for(target=application).exists()


@pytest.mark.django_db
def test_members_keep_a_stored_passport_number_when_left_blank(draft):
    member = draft.members.get()
    services.application_members_save(
        application=draft,
        actor=draft.applicant,
        members=[
            {"id": member.pk, "full_name": "New Name", "passport_number": "", "date_of_birth": None}
        ],
        deleted_ids=[],
    )
    member.refresh_from_db()
    assert member.full_name == "New Name"
    assert member.passport_number.startswith("C")
    assert member.date_of_birth == datetime.date(1985, 3, 14)


@pytest.mark.django_db
def test_members_of_another_application_cannot_be_changed_through_mine(draft):
    stranger = MemberFactory()
    with pytest.raises(Member.DoesNotExist):
        services.application_members_save(
            application=draft, actor=draft.applicant,
            members=[{"id": stranger.pk, "full_name": "Stolen"}], deleted_ids=[stranger.pk],
        )  # fmt: skip
    stranger.refresh_from_db()
    assert stranger.full_name != "Stolen"
