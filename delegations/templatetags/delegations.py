from django import template

from delegations.models import ApplicationState
from delegations.selectors import application_draft_for, applications_for_applicant

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
