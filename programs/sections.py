"""Sections of public pages that list the upcoming sessions (the home page, the calendar
page), rendered once per language and generation of the public pages, and again when
the first of them ends: then it leaves the list and the next one moves in. They show
only published sessions, nothing of the person reading."""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from diplomacy.pagecache import cached_for_generation_until
from programs import selectors


def upcoming_sessions_html(*, template_name: str, limit: int) -> SafeString:
    now = timezone.now()

    def render() -> tuple[SafeString, datetime | None]:
        events = selectors.events_upcoming_public(limit=limit, now=now)
        html = render_to_string(template_name, {"events": events})
        return html, min((event.ends_at for event in events), default=None)

    key = f"upcoming-sessions:{template_name}:{limit}:{translation.get_language()}"
    return cached_for_generation_until(key, render, now=now)
