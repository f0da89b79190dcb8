"""The staff dashboard's sections (settings.STAFF_DASHBOARD_SECTIONS), each rendered at
most once a minute for a person.

A section's figures are kept a minute for the person already (remembered_for_person);
its HTML follows from them, the person, the language and the day alone (links and
figures, no form, no token), so it is kept with them, by the same rules: rendering the
five sections' templates was two thirds of the dashboard's CPU on every visit.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from diplomacy.accounts.remembered import remembered_for_person

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_section(context: template.Context, template_name: str) -> SafeString:
    """{% include template_name %}, remembered for the signed-in person."""

    def rendered() -> str:
        section = context.template.engine.get_template(template_name)
        with context.push():
            return str(section.render(context))

    user = context["request"].user
    html = remembered_for_person(user, f"section:{template_name}", rendered)
    return mark_safe(html)  # noqa: S308 (the section's own template rendered it)
