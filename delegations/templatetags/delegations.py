from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django_countries import countries

from delegations.models import ApplicationState, DelegationType
from delegations.selectors import (
    application_draft_for,
    applications_for_applicant,
    dashboard_counts,
)
from diplomacy.accounts.remembered import remembered_for_person

register = template.Library()


@register.simple_tag(takes_context=True)
def my_delegation_applications(context) -> list:
    """The signed-in person's applications, for the /my/ page (theirs only)."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(applications_for_applicant(user=user))


@register.simple_tag(takes_context=True)
def my_delegation_draft(context):
    user = context["request"].user
    return application_draft_for(user=user) if user.is_authenticated else None


@register.filter
def application_state_label(value: str) -> str:
    """The label of a state value, in the active language (emails name past states)."""
    try:
        return ApplicationState(value).label
    except ValueError:
        return value


@register.filter
def from_iso(value: str | None):
    """A date or moment of the data export (ISO 8601 text) as a value the `date` filter
    formats in the page's language, in the portal's time zone."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is not None:
        return timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return parse_date(value)


@register.filter
def country_name(code: str) -> str:
    """The name of a country code in the page's language ("SE" → «السويد», "Sweden")."""
    return countries.name(code) or code if code else ""


@register.filter
def delegation_type_label(value: str) -> str:
    try:
        return DelegationType(value).label
    except ValueError:
        return value


@register.simple_tag(takes_context=True)
def staff_dashboard_delegations(context) -> dict | None:
    """The staff dashboard's delegation figures; None for staff who handle no applications."""
    user = context["request"].user
    return remembered_for_person(
        user,
        "dashboard-delegations",
        lambda: dashboard_counts(user=user, today=timezone.localdate()),
    )
