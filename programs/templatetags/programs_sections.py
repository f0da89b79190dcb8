"""Data for the programs' sections of the home page and of a person's "My page"."""

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from diplomacy.accounts.remembered import remembered_for_person
from programs import selectors
from programs.sections import upcoming_sessions_html

register = template.Library()

HOME_SESSIONS = 4


@register.simple_tag(takes_context=True)
def my_program_registrations(context) -> list:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return selectors.registrations_for_my_page(user=user)


@register.simple_tag
def upcoming_sessions_section() -> SafeString:
    """The home page's upcoming sessions: programs/sections.py."""
    return upcoming_sessions_html(template_name="programs/home_sessions.html", limit=HOME_SESSIONS)


@register.simple_tag(takes_context=True)
def staff_dashboard_sessions(context) -> dict | None:
    """The coming week's sessions for the staff dashboard; None for staff outside programs."""
    user = context["request"].user
    return remembered_for_person(
        user,
        "dashboard-sessions",
        lambda: selectors.dashboard_sessions(user=user, now=timezone.now()),
    )
