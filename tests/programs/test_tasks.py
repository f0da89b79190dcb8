"""Registration emails and reminders through the real outbox: Redis, a Celery worker
process and an SMTP server."""

import time
from datetime import timedelta
from email.header import decode_header, make_header

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from diplomacy.notifications.models import Notification
from programs import services, tasks
from programs.models import Registration
from tests.factories import UserFactory
from tests.programs.factories import EventFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_part(message) -> str:
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_registration_emails_in_each_participants_language_with_their_calendar_file(
    smtp_server, celery_worker_process
):
    event = EventFactory(
        capacity=1,
        title_ar="ورشة التعاونيات",
        title_en="Cooperatives workshop",
        online_url="https://meet.example.org/coop-room",
    )
    arabic = UserFactory(preferred_language="ar")
    english = UserFactory(preferred_language="en")
    confirmed = services.registration_create(event=event, user=arabic, consent=True)
    waiting = services.registration_create(event=event, user=english, consent=True)

    messages = {message["To"]: message for message in smtp_server.wait_for(2)}
    assert len(messages) == 2
    arabic_mail, english_mail = messages[arabic.email], messages[english.email]
    assert subject(arabic_mail) == "مكانك مؤكَّد: ورشة التعاونيات"
    assert subject(english_mail) == "You are on the waiting list: Cooperatives workshop"
    assert "coop-room" in text_part(arabic_mail)  # confirmed: the link
    assert "coop-room" not in text_part(english_mail)  # waiting: not yet

    # The confirmation carries the participant's calendar file, with the online link.
    [attached] = [p for p in arabic_mail.walk() if p.get_content_type() == "text/calendar"]
    assert attached.get_filename() == "session.ics"
    (attached_event,) = icalendar.Calendar.from_ical(attached.get_payload(decode=True)).walk(
        "VEVENT"
    )
    assert attached_event.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert "coop-room" in attached.get_payload(decode=True).decode()
    assert not [p for p in english_mail.walk() if p.get_content_type() == "text/calendar"]

    # The .ics link in the email opens without signing in and parses.
    link = next(
        line for line in text_part(arabic_mail).splitlines() if "session.ics?token=" in line
    )
    response = Client().get(link.strip().split("127.0.0.1:8000", 1)[-1])
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at.replace(microsecond=0)

    # Cancelling promotes the waiting participant, told once, in English.
    services.registration_cancel(registration=confirmed, actor=arabic)
    smtp_server.wait_for(4)
    time.sleep(1.0)
    assert len(smtp_server.messages) == 4
    promoted = [m for m in smtp_server.messages[2:] if m["To"] == english.email]
    assert len(promoted) == 1
    assert subject(promoted[0]) == "A place became free: you are confirmed: Cooperatives workshop"
    assert "coop-room" in text_part(promoted[0])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_reminders_go_once_per_registration_even_when_beat_runs_twice(
    smtp_server, celery_worker_process
):
    tomorrow = EventFactory(starts_at=timezone.now() + timedelta(hours=20), title_en="Lecture")
    later = EventFactory(starts_at=timezone.now() + timedelta(days=4))
    person = UserFactory(preferred_language="en")
    registration = services.registration_create(event=tomorrow, user=person, consent=True)
    services.registration_create(event=later, user=UserFactory(), consent=True)
    smtp_server.wait_for(2)

    tasks.send_due_reminders.delay()
    tasks.send_due_reminders.delay()
    assert wait_until(
        lambda: Notification.objects.filter(
            type_key="programs.event_reminder", status="sent"
        ).exists()
    )
    time.sleep(1.5)  # give a duplicate every chance to arrive
    reminders = [m for m in smtp_server.messages if "Reminder" in subject(m)]
    assert len(reminders) == 1
    assert reminders[0]["To"] == person.email
    assert subject(reminders[0]) == "Reminder: your session is tomorrow: Lecture"
    registration.refresh_from_db()
    assert registration.reminder_sent_at is not None
