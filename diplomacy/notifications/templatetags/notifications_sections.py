"""Data for the outbox's section of the staff dashboard."""

from django import template

from diplomacy.notifications.selectors import dashboard_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard_emails(context) -> dict | None:
    """Failed emails and newsletters going out; None for staff who may not read them."""
    return dashboard_counts(user=context["request"].user)
