"""Data for the programs' sections of the home page and of a person's "My page"."""

from datetime import datetime

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from diplomacy.pagecache import cached_for_generation_until
from programs import selectors

register = template.Library()

HOME_SESSIONS = 4


@register.simple_tag(takes_context=True)
def my_program_registrations(context) -> list:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return selectors.registrations_for_user(user=user)


@register.simple_tag
def upcoming_sessions_section() -> SafeString:
    """The home page's upcoming sessions, rendered once per language and generation of
    the public pages, and again when the first of them ends (the next one moves in): it
    shows no one's own data, only published sessions."""
    now = timezone.now()

    def render() -> tuple[SafeString, datetime | None]:
        events = selectors.events_upcoming_public(limit=HOME_SESSIONS, now=now)
        html = render_to_string("programs/home_sessions.html", {"events": events})
        return html, min((event.ends_at for event in events), default=None)

    key = f"home-sessions:{translation.get_language()}"
    return cached_for_generation_until(key, render, now=now)


@register.simple_tag(takes_context=True)
def staff_dashboard_sessions(context) -> dict | None:
    """The coming week's sessions for the staff dashboard; None for staff outside programs."""
    return selectors.dashboard_sessions(user=context["request"].user, now=timezone.now())
