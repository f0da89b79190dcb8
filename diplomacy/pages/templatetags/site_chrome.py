"""The base layout's links to the page in the other language: the <link rel="alternate">
of its <head> and the language switcher of its header (templates/base.html).

Written here rather than as template loops: both change with every page (its address),
so they cannot be kept with the rest of the layout, and the loops' variables and
conditions took a third of the base layout's time."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context) -> SafeString:
    """Each language version of the page, and the portal's default language (Arabic) as
    the default for the others."""
    # Both come from the site_chrome context processor; a page rendered without a
    # request (the server error page) has neither, and no links.
    base_url, alternates = context.get("base_url", ""), context.get("language_alternates", ())
    versions = format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}{}">\n',
        ((alternate["code"], base_url, alternate["url"]) for alternate in alternates),
    )
    default = format_html_join(
        "",
        '<link rel="alternate" hreflang="x-default" href="{}{}">',
        (
            (base_url, alternate["url"])
            for alternate in alternates
            if alternate["code"] == settings.LANGUAGE_CODE
        ),
    )
    return versions + default


@register.simple_tag(takes_context=True)
def language_switcher(context: template.Context) -> SafeString:
    """Links to the page in the other languages: those a page gives (`alternates`, an
    article knows its slug in each language), else the same address in each language."""
    alternates: Iterable[dict[str, Any]] = (
        context.get("alternates") or context.get("language_alternates") or ()
    )
    links = format_html_join(
        "",
        '<a href="{}" hreflang="{}" lang="{}" rel="alternate">{}</a>',
        (
            (alternate["url"], alternate["code"], alternate["code"], alternate["name"])
            for alternate in alternates
            if not alternate["current"]
        ),
    )
    return format_html(
        '<nav class="lang-switch" aria-label="{}">{}</nav>', gettext("Language"), links
    )
