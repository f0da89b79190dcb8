"""Data for the outbox's section of the staff dashboard."""

from django import template

from diplomacy.accounts.remembered import remembered_for_person
from diplomacy.notifications.selectors import dashboard_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard_emails(context) -> dict | None:
    """Failed emails and newsletters going out; None for staff who may not read them."""
    user = context["request"].user
    return remembered_for_person(user, "dashboard-emails", lambda: dashboard_counts(user=user))
