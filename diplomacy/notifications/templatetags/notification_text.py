import re

from django import template
from django.conf import settings
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)»]")


def portal_link(url: str) -> SafeString:
    """A link of a body as a link. The portal's own addresses link by their path, so they
    open on the host the reader is on; the address is isolated left to right, so that an
    Arabic paragraph does not move its slashes about («/http://…»)."""
    site = settings.SITE_URL.rstrip("/")
    href = url
    if url == site or url.startswith(site + "/"):
        href = url[len(site) :] or "/"
    return format_html('<a href="{}"><bdi dir="ltr">{}</bdi></a>', href, url)


@register.filter
def notification_body(text: str) -> SafeString:
    """A notification's plain-text body for the inbox: paragraphs, with working links."""
    text = text or ""
    parts, position = [], 0
    for match in URL.finditer(text):
        parts.append(format_html("{}", text[position : match.start()]))
        parts.append(portal_link(match.group(0)))
        position = match.end()
    parts.append(format_html("{}", text[position:]))
    # Every part was escaped by format_html; linebreaks only adds <p> and <br>.
    return mark_safe(linebreaks("".join(parts)))  # noqa: S308
