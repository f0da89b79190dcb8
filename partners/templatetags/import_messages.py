"""The import preview's messages name organizations in any script: a name is stored
between Unicode isolate marks (FSI … PDI, `partners.transfer.isolated`) and shown in a
`<bdi>`, so a Latin name keeps its place inside an Arabic sentence."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ISOLATED_RUN = re.compile("\u2068([^\u2068\u2069]*)\u2069")


@register.filter
def with_isolated_names(message: str) -> SafeString:
    escaped = escape(message or "")
    return mark_safe(ISOLATED_RUN.sub(r'<bdi dir="auto">\1</bdi>', escaped))  # noqa: S308 - escaped above
