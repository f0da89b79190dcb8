"""Data for the partners' section of the staff dashboard."""

from django import template
from django.utils import timezone

from partners.selectors import dashboard_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_dashboard_partners(context) -> dict | None:
    """Agreements ending soon and follow-ups due; None for staff who do not keep them."""
    return dashboard_counts(user=context["request"].user, today=timezone.localdate())
