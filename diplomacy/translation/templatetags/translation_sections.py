from django import template

from diplomacy.accounts.remembered import remembered_for_person
from diplomacy.translation.selectors import dashboard_counts, my_translation_work

register = template.Library()


@register.simple_tag(takes_context=True)
def my_translation_work_summary(context) -> dict | None:
    """For translators: their open jobs and the unassigned ones; None for everyone else."""
    return my_translation_work(user=context["request"].user)


@register.simple_tag(takes_context=True)
def staff_dashboard_translation(context) -> dict | None:
    """Translation jobs by state for the staff dashboard; None for non-translators."""
    user = context["request"].user
    return remembered_for_person(user, "dashboard-translation", lambda: dashboard_counts(user=user))
