from collections.abc import Iterable
from html import escape

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django_countries import countries

from delegations.models import ApplicationState, DelegationType
from delegations.selectors import (
    ReviewQueueRow,
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
    return applications_for_applicant(user=user)


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


# A row of the review queue's table (templates/delegations/application_review_list.html).
REVIEW_QUEUE_ROW = (
    '<tr>\n<td><a href="{0}">{1}</a></td>\n'
    '<td><bdi><a href="{0}">{2}</a></bdi></td>\n'
    "<td>{3}</td>\n<td>{4}</td>\n<td>{5}</td>\n<td>{6}</td>\n<td>{7}</td>\n</tr>"
)
NOT_GIVEN = "—"


@register.simple_tag
def review_queue_rows(rows: Iterable[ReviewQueueRow]) -> SafeString:
    """The review queue's rows. Written here rather than as nine template variables per
    row: the 50 rows' variables took as long to render as the rest of the page. Every
    value goes through html.escape, which is what django.utils.html.escape does without
    its check for lazy text: through format_html, those checks took 2 ms of the 50 rows."""
    return mark_safe("".join(map(_review_queue_row, rows)))  # noqa: S308 - every value escaped


def _review_queue_row(row: ReviewQueueRow) -> str:
    arrival = (
        f'<time datetime="{escape(row.arrival_iso)}">{escape(row.arrival)}</time>'
        if row.arrival_iso
        else NOT_GIVEN
    )
    return REVIEW_QUEUE_ROW.format(
        escape(row.detail_url),
        escape(row.number),
        escape(row.organization),
        escape(row.delegation_type),
        escape(row.state),
        arrival,
        # A delegation's handful of members never needs a thousands separator.
        row.member_count,
        escape(row.coordinator) if row.coordinator else NOT_GIVEN,
    )
