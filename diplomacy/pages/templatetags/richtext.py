from django import template
from django.utils.safestring import SafeString

from diplomacy.richtext import render_html

register = template.Library()


@register.filter(name="richtext")
def richtext(value: str) -> SafeString:
    """Staff-written HTML, sanitized again on output."""
    return render_html(value)
