from django import template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from diplomacy.accounts.staff_access import RETURN_TO_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_return_url(context) -> str:
    """Where a person goes once their second factor is set up: the page they were
    sent away from, or the admin (staff) or their own page (everyone else)."""
    request = context["request"]
    wanted = request.session.get(RETURN_TO_KEY)
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("admin:index") if request.user.is_staff else reverse("my")
