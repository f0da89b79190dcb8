from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from diplomacy.notifications import services
from diplomacy.notifications.models import Notification, Unsubscription
from diplomacy.notifications.notifications import DELIVERY_FAILED
from tests.factories import StaffFactory, UserFactory
from tests.notifications.conftest import ESSENTIAL, OPTIONAL

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
