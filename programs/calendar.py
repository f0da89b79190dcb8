"""iCalendar (RFC 5545) files of program sessions, built with the `icalendar` package.

Times are written in each session's own zone (with its VTIMEZONE), so calendar
applications show "18:00 Damascus" and convert it correctly for people elsewhere.
The public feeds never carry an online meeting link; a confirmed participant's own
file does.
"""

from collections.abc import Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Event, Program, Registration

PRODID = "-//Civil Diplomacy Center of North and East Syria//Programs//EN"
UID_DOMAIN = "programs.civil-diplomacy.org"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def _vevent(event: Event, *, base_url: str, online_url: str = "") -> icalendar.Event:
    program = event.program
    page_url = f"{base_url}{program.get_absolute_url()}"
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_starts_at)
    vevent.add("dtend", event.local_ends_at)
    vevent.add("summary", event.title or program.title)
    description = [program.title]
    if event.description:
        description.append(event.description)
    if online_url:
        description.append(_("Online meeting link: %(url)s") % {"url": online_url})
    description.append(page_url)
    vevent.add("description", "\n\n".join(description))
    if event.place:
        vevent.add("location", event.place)
    elif online_url:
        vevent.add("location", online_url)
    elif event.is_online:
        vevent.add("location", _("Online"))
    vevent.add("url", online_url or page_url)
    if program.state == Program.State.CANCELLED:
        vevent.add("status", "CANCELLED")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_for_events(*, events: Iterable[Event], name: str, base_url: str) -> bytes:
    """A public feed: sessions without their online links."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_for_registration(*, registration: Registration, base_url: str) -> bytes:
    """A participant's own file: the online link only once the place is confirmed."""
    event = registration.event
    online_url = event.online_url if registration.is_confirmed else ""
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, base_url=base_url, online_url=online_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
