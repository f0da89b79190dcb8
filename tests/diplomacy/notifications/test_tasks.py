"""The real thing: aiosmtpd, Redis and a Celery worker process."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from diplomacy.celery import app
from diplomacy.notifications import services, tasks
from diplomacy.notifications.models import NewsletterAnnouncement, Notification
from tests.diplomacy.notifications.conftest import ESSENTIAL
from tests.diplomacy.notifications.factories import SubscriberFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def use_broker(celery_app, url: str) -> None:
    """Point this process's publishing at another broker (the shared Redis stays up)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def html_part(message) -> str:
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/html"
    )


def text_part(message) -> str:
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def test_one_message_in_each_recipients_language(smtp_server, celery_worker_process):
    arabic = UserFactory(preferred_language="ar")
    english = UserFactory(preferred_language="en")
    with transaction.atomic():
        for person in (arabic, english):
            services.notification_send(type_key=ESSENTIAL, target=person, recipient=person)
    messages = smtp_server.wait_for(2)
    by_address = {message["To"]: message for message in messages}
    assert len(messages) == 2
    arabic_mail, english_mail = by_address[arabic.email], by_address[english.email]
    from email.header import decode_header, make_header

    assert str(make_header(decode_header(arabic_mail["Subject"]))) == (
        "أكّد اشتراكك في النشرة البريدية"
    )
    assert english_mail["Subject"] == "Confirm your newsletter subscription"
    assert 'dir="rtl"' in html_part(arabic_mail)
    assert 'dir="rtl"' not in html_part(english_mail)
    assert "مرحباً" in text_part(arabic_mail) and "Hello" in text_part(english_mail)
    # The row is marked sent just after the SMTP server accepted the message.
    assert wait_until(lambda: Notification.objects.filter(status="sent").count() == 2)


def test_same_event_twice_one_message(smtp_server, celery_worker_process):
    person = UserFactory()
    for _ in range(2):
        with transaction.atomic():
            services.notification_send(
                type_key=ESSENTIAL, target=person, event="approved", recipient=person
            )
    smtp_server.wait_for(1)
    time.sleep(1.5)  # give a duplicate every chance to arrive
    assert len(smtp_server.messages) == 1


def test_broker_down_at_commit_then_the_sweep_delivers_exactly_once(
    smtp_server, celery_worker_process
):
    person = UserFactory()
    working_broker = app.conf.broker_url
    use_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with transaction.atomic():
            person.first_name = "Changed"
            person.save(update_fields=["first_name"])
            notification = services.notification_send(
                type_key=ESSENTIAL, target=person, recipient=person
            )
    finally:
        use_broker(app, working_broker)
    person.refresh_from_db()
    assert person.first_name == "Changed"  # the change is saved
    notification.refresh_from_db()
    assert notification.status == "pending"
    time.sleep(1)
    assert smtp_server.messages == []

    # The broker is back; the beat sweep finds the row once it is overdue.
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    tasks.notifications_sweep.delay()
    tasks.notifications_sweep.delay()
    assert len(smtp_server.wait_for(1)) == 1
    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent")
    tasks.notifications_sweep.delay()
    time.sleep(1.5)
    assert len(smtp_server.messages) == 1
    assert Notification.objects.get(pk=notification.pk).attempts == 1


@pytest.fixture
def fast_retries(monkeypatch, settings):
    """Backoff base of 0 s in the worker (read from the environment at startup)."""
    monkeypatch.setenv("NOTIFICATIONS_RETRY_BASE_SECONDS", "0")
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 0


def test_smtp_failures_retried_then_failed_and_manual_retry(
    smtp_server, fast_retries, celery_worker_process
):
    person = UserFactory()
    smtp_server.refuse_with = "451 try again later"
    with transaction.atomic():
        notification = services.notification_send(
            type_key=ESSENTIAL, target=person, recipient=person
        )
    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "failed")
    notification.refresh_from_db()
    assert notification.attempts == 5 and "451" in notification.last_error

    smtp_server.refuse_with = None
    services.notification_retry(notification=notification, actor=None)
    assert len(smtp_server.wait_for(1)) == 1
    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent")


def test_newsletter_fan_out_through_the_worker(smtp_server, celery_worker_process, monkeypatch):
    subscribers = SubscriberFactory.create_batch(12, language="en")
    with transaction.atomic():
        services.newsletter_announce(
            target=subscribers[0],
            language="en",
            sector_ids=[],
            title="A new report",
            summary="Summary",
            url="/en/publications/report/",
        )
    messages = smtp_server.wait_for(12)
    assert sorted(message["To"] for message in messages) == sorted(s.email for s in subscribers)
    assert all(message["List-Unsubscribe-Post"] for message in messages)
    assert wait_until(
        lambda: NewsletterAnnouncement.objects.filter(fanned_out_at__isnull=False).exists()
    )
