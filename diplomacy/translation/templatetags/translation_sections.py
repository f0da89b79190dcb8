from django import template

from diplomacy.translation.selectors import my_translation_work

register = template.Library()


@register.simple_tag(takes_context=True)
def my_translation_work_summary(context) -> dict | None:
    """For translators: their open jobs and the unassigned ones; None for everyone else."""
    return my_translation_work(user=context["request"].user)
