from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from programs.calendar import event_uid
from programs.models import Registration
from tests.programs.factories import EventFactory, ProgramFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events_of(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def test_feed_carries_the_right_utc_instant_and_the_zone(client):
    starts = datetime(2031, 3, 12, 18, 0, tzinfo=DAMASCUS)
    event = EventFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone="Asia/Damascus"
    )
    calendar = parse(client.get(url("programs:calendar")))
    vevent = events_of(calendar)[event_uid(event)]
    start = vevent.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2031, 3, 12, 15, 0, tzinfo=UTC)
    assert (start.hour, start.minute) == (18, 0)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Damascus"
    assert "Asia/Damascus" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert vevent.decoded("DTEND").astimezone(UTC) == datetime(2031, 3, 12, 17, 0, tzinfo=UTC)


def test_brussels_session_in_summer_time(client):
    brussels = ZoneInfo("Europe/Brussels")
    starts = datetime(2031, 7, 1, 18, 0, tzinfo=brussels)
    event = EventFactory(
        starts_at=starts, ends_at=starts + timedelta(hours=1), time_zone="Europe/Brussels"
    )
    vevent = events_of(parse(client.get(url("programs:calendar"))))[event_uid(event)]
    assert vevent.decoded("DTSTART").astimezone(UTC) == datetime(2031, 7, 1, 16, 0, tzinfo=UTC)


def test_feed_is_in_the_page_language_and_excludes_unpublished_programs(client):
    shown = EventFactory(title_ar="ندوة عن العدالة", title_en="Seminar on justice")
    hidden = EventFactory(program=ProgramFactory(is_published=False))
    arabic = events_of(parse(client.get(url("programs:calendar", "ar"))))
    assert str(arabic[event_uid(shown)]["SUMMARY"]) == "ندوة عن العدالة"
    assert event_uid(hidden) not in arabic
    english = events_of(parse(client.get(url("programs:calendar", "en"))))
    assert str(english[event_uid(shown)]["SUMMARY"]) == "Seminar on justice"


def test_public_feeds_never_carry_the_online_link(client):
    program = ProgramFactory(slug="linked")
    EventFactory(program=program, online_url="https://meet.example.org/secret-room")
    assert b"secret-room" not in client.get(url("programs:calendar")).content
    assert b"secret-room" not in client.get(url("programs:program_calendar", slug="linked")).content


def test_program_feed_lists_only_its_sessions(client):
    program = ProgramFactory(slug="mine")
    own = EventFactory(program=program)
    other = EventFactory()
    uids = events_of(parse(client.get(url("programs:program_calendar", slug="mine"))))
    assert event_uid(own) in uids and event_uid(other) not in uids


def test_participants_file_has_the_link_once_confirmed(client):
    confirmed = RegistrationFactory(event__online_url="https://meet.example.org/secret-room")
    client.force_login(confirmed.user)
    response = client.get(url("programs:registration_calendar", pk=confirmed.pk))
    assert "secret-room" in str(events_of(parse(response))[event_uid(confirmed.event)]["URL"])

    waiting = RegistrationFactory(event=confirmed.event, status=Registration.Status.WAITING)
    client.force_login(waiting.user)
    response = client.get(url("programs:registration_calendar", pk=waiting.pk))
    assert b"secret-room" not in response.content
