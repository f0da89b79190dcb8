from django import template

from diplomacy.translation.selectors import dashboard_counts, my_translation_work

register = template.Library()


@register.simple_tag(takes_context=True)
def my_translation_work_summary(context) -> dict | None:
    """For translators: their open jobs and the unassigned ones; None for everyone else."""
    return my_translation_work(user=context["request"].user)


@register.simple_tag(takes_context=True)
def staff_dashboard_translation(context) -> dict | None:
    """Translation jobs by state for the staff dashboard; None for non-translators."""
    return dashboard_counts(user=context["request"].user)
