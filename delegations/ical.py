"""The itinerary as an iCalendar file the delegation can import into their calendars."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar, Event

from delegations.models import Application, Meeting


def itinerary_ics(
    *, application: Application, meetings: Iterable[Meeting], request: HttpRequest
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Civil Diplomacy Center//Delegation itinerary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "Asia/Damascus")
    host = request.get_host().split(":")[0]
    for meeting in meetings:
        event = Event()
        # Stable identifiers: importing the file again updates the events.
        event.add("uid", f"delegation-meeting-{meeting.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", meeting.organization.display_name)
        event.add("location", meeting.place)
        if meeting.interpreter:
            event.add("description", f"Interpreter / المترجم: {meeting.interpreter}")
        calendar.add_component(event)
    return calendar.to_ical()
