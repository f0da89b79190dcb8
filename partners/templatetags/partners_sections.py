"""Data for the partners' section of the staff dashboard."""

from django import template
from django.utils import timezone

from diplomacy.accounts.remembered import remembered_for_person
from partners.selectors import dashboard_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard_partners(context) -> dict | None:
    """Agreements ending soon and follow-ups due; None for staff who do not keep them."""
    user = context["request"].user
    return remembered_for_person(
        user, "dashboard-partners", lambda: dashboard_counts(user=user, today=timezone.localdate())
    )
