from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from diplomacy.notifications import services
from diplomacy.notifications.models import Notification, Unsubscription
from diplomacy.notifications.notifications import DELIVERY_FAILED
from tests.diplomacy.notifications.conftest import ESSENTIAL, OPTIONAL
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_row_is_written_now_and_delivered_only_after_commit(on_commit):
    person = UserFactory(preferred_language="en")
    with on_commit():
        notification = services.notification_send(
            type_key=ESSENTIAL, target=person, event="e1", recipient=person
        )
        assert notification.status == Notification.Status.PENDING
        assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1 and notification.sent_at is not None
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_rendered_in_the_recipients_language(on_commit):
    arabic, english = UserFactory(preferred_language="ar"), UserFactory(preferred_language="en")
    with on_commit():
        for person in (arabic, english):
            services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    by_address = {message.to[0]: message for message in mail.outbox}
    arabic_mail, english_mail = by_address[arabic.email], by_address[english.email]
    assert english_mail.subject == "Confirm your newsletter subscription"
    assert arabic_mail.subject == "أكّد اشتراكك في النشرة البريدية"
    arabic_html = arabic_mail.alternatives[0].content
    assert 'dir="rtl"' in arabic_html and 'lang="ar"' in arabic_html
    assert 'dir="rtl"' not in english_mail.alternatives[0].content
    assert arabic_mail.body.strip() and "<" not in arabic_mail.body
    assert arabic_mail.extra_headers["Content-Language"] == "ar"


def test_same_event_twice_gives_one_message(on_commit):
    person = UserFactory()
    with on_commit():
        first = services.notification_send(
            type_key=ESSENTIAL, target=person, event="approved", recipient=person
        )
        second = services.notification_send(
            type_key=ESSENTIAL, target=person, event="approved", recipient=person
        )
    assert first is not None and second is None
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_another_event_is_another_message(on_commit):
    person = UserFactory()
    with on_commit():
        services.notification_send(type_key=ESSENTIAL, target=person, event="a", recipient=person)
        services.notification_send(type_key=ESSENTIAL, target=person, event="b", recipient=person)
    assert len(mail.outbox) == 2


def test_email_only_recipient_uses_the_given_language(on_commit):
    person = UserFactory()
    with on_commit():
        notification = services.notification_send(
            type_key=ESSENTIAL, target=person, email="guest@example.org", language="en"
        )
    assert notification.language == "en" and notification.recipient is None
    assert mail.outbox[0].to == ["guest@example.org"]


def test_only_non_essential_mail_carries_unsubscribe_headers(on_commit):
    person = UserFactory()
    with on_commit():
        services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
        services.notification_send(type_key=OPTIONAL, target=person, recipient=person)
    essential, optional = sorted(
        mail.outbox, key=lambda message: "List-Unsubscribe" in message.extra_headers
    )
    assert "List-Unsubscribe" not in essential.extra_headers
    assert "/unsubscribe/" not in essential.body
    header = optional.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/unsubscribe/" in header
    assert optional.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in optional.body  # plain part too


def test_unsubscribed_address_is_skipped_but_essential_still_sent(on_commit):
    person = UserFactory()
    Unsubscription.objects.create(email=person.email, type_key=OPTIONAL)
    Unsubscription.objects.create(email=person.email, type_key=ESSENTIAL)
    with on_commit():
        optional = services.notification_send(type_key=OPTIONAL, target=person, recipient=person)
        essential = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    optional.refresh_from_db()
    essential.refresh_from_db()
    assert optional.status == Notification.Status.SKIPPED
    assert essential.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_essential_types_cannot_be_unsubscribed():
    assert services.notification_unsubscribe(email="a@example.org", type_key=ESSENTIAL) is False
    assert not Unsubscription.objects.exists()


def test_backoff_grows_and_stays_below_the_visibility_timeout(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    delays = [services.retry_delay_seconds(attempt) for attempt in range(1, 8)]
    assert delays[:4] == [60, 120, 240, 480]
    assert max(delays) == 600 < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


@pytest.mark.integration
def test_smtp_failures_are_retried_then_failed_and_staff_can_retry(
    smtp_server, settings, on_commit
):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0
    admin = StaffFactory(is_superuser=True)
    person = UserFactory()
    smtp_server.refuse_with = "550 mailbox unavailable"
    with on_commit():
        notification = services.notification_send(
            type_key=ESSENTIAL, target=person, recipient=person
        )
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert "550" in notification.last_error and notification.sent_at is None
    # Staff are told in the portal.
    alert = Notification.objects.get(type_key=DELIVERY_FAILED)
    assert alert.recipient == admin and alert.in_inbox and alert.status == "sent"
    assert person.email in alert.subject

    smtp_server.refuse_with = None
    with on_commit():
        services.notification_retry(notification=notification, actor=admin)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.last_error == ""
    assert [message["To"] for message in smtp_server.wait_for(1)] == [person.email]


def test_retry_leaves_rows_that_did_not_fail_alone(on_commit):
    person = UserFactory()
    with on_commit():
        notification = services.notification_send(
            type_key=ESSENTIAL, target=person, recipient=person
        )
    with on_commit():
        services.notification_retry(notification=notification, actor=None)
    assert len(mail.outbox) == 1


def test_sweep_delivers_rows_left_pending_exactly_once(on_commit):
    person = UserFactory()
    # No commit callback runs here: as if the broker was unreachable at commit time.
    notification = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    assert services.notifications_sweep() == 0  # not due yet: the normal path may be on its way
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    assert services.notifications_sweep() == 1
    assert services.notifications_sweep() == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(on_commit):
    person = UserFactory()
    notification = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert services.notification_deliver(notification_id=notification.pk) is None
    assert len(mail.outbox) == 1


def test_staff_inbox_only_for_staff_recipients_of_inbox_types(on_commit):
    staff, person = StaffFactory(), UserFactory()
    with on_commit():
        staff_row = services.notification_send(
            type_key=DELIVERY_FAILED, target=person, recipient=staff, context={"error": "x"}
        )
        person_row = services.notification_send(
            type_key=DELIVERY_FAILED, target=person, recipient=person, context={"error": "x"}
        )
        ordinary = services.notification_send(type_key=ESSENTIAL, target=person, recipient=staff)
    assert staff_row.in_inbox and not person_row.in_inbox and not ordinary.in_inbox
    staff_row.refresh_from_db()
    # Bell-only types are rendered but never mailed.
    assert staff_row.status == "sent" and staff_row.subject
    assert [message.to for message in mail.outbox] == [[staff.email]]


def test_batch_delivery_records_each_outcome(on_commit):
    people = UserFactory.create_batch(3)
    rows = [
        services.notification_send(type_key=OPTIONAL, target=person, recipient=person)
        for person in people
    ]
    Unsubscription.objects.create(email=people[0].email, type_key=OPTIONAL)
    assert services.notifications_deliver_batch(notification_ids=[row.pk for row in rows]) == 2
    statuses = dict(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("email", "status")
    )
    assert statuses == {
        people[0].email: "skipped",
        people[1].email: "sent",
        people[2].email: "sent",
    }
    sent = Notification.objects.get(email=people[1].email)
    assert sent.attempts == 1 and sent.sent_at and sent.subject
    # A second run (a redelivered task) sends nothing again.
    assert services.notifications_deliver_batch(notification_ids=[row.pk for row in rows]) == 0
    assert len(mail.outbox) == 2


@pytest.mark.integration
def test_batch_failures_are_kept_pending_with_backoff(smtp_server, settings, monkeypatch):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    published = []
    monkeypatch.setattr(
        services,
        "_publish_delivery",
        lambda ids, countdown=None: published.append((ids, countdown)),
    )
    person = UserFactory()
    row = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    smtp_server.refuse_with = "451 later"
    assert services.notifications_deliver_batch(notification_ids=[row.pk]) == 0
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=50)
    ((ids, countdown),) = published
    assert ids == [row.pk] and 50 < countdown <= 60


def test_rows_of_a_batch_whose_worker_died_are_sent_again_by_the_sweep():
    person = UserFactory()
    row = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    Notification.objects.filter(pk=row.pk).update(
        status="sending", next_attempt_at=timezone.now() + timedelta(minutes=10)
    )
    assert services.notifications_sweep(older_than_seconds=0) == 0  # lease still running
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=3)
    )
    assert services.notifications_sweep() == 1
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1


def test_a_sent_row_is_marked_sent_even_when_the_database_blinks(on_commit, monkeypatch):
    """Only the worker knows the message left: a restarting database must not make the
    sweep send it again."""
    from django.db import OperationalError
    from django.db.models import Model

    person = UserFactory()
    notification = services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    real_save, failures = Model.save, []

    def save_failing_once(self, *args, **kwargs):
        if isinstance(self, Notification) and not failures:
            failures.append(1)
            raise OperationalError("the database system is shutting down")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Model, "save", save_failing_once)
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    notification.refresh_from_db()
    assert failures and notification.status == "sent"
    assert len(mail.outbox) == 1
