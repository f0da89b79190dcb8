"""The hits of the search results page (templates/search/search_results.html), and each
group's heading and link to all its results."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import urlencode
from django.utils import formats, translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from diplomacy.search.registry import SearchHit

register = template.Library()

# One hit: {0} the lang and dir of a hit in another language than the page's, {1} its
# address, {2} its title, {3} its kind, {4} its date, {5} its snippet (made safe by
# diplomacy.text.highlight).
SEARCH_HIT = (
    '<li>\n<h3{0}><a href="{1}">{2}</a></h3>\n<p class="meta">{3}{4}</p>\n<p{0}>{5}</p>\n</li>'
)


@register.simple_tag
def search_hits(hits: Iterable[SearchHit]) -> SafeString:
    """A group's hits, every value escaped by format_html. Written here rather than as a
    dozen template variables and conditions per hit: a page of fifteen hits took half
    its template's time to render them."""
    page_language = translation.get_language()
    return format_html_join("", SEARCH_HIT, (_hit_parts(hit, page_language) for hit in hits))


def _hit_parts(hit: SearchHit, page_language: str | None) -> tuple[object, ...]:
    foreign = (
        format_html(' lang="{}" dir="auto"', hit.language) if hit.language != page_language else ""
    )
    date = (
        format_html(' · <time datetime="{}">{}</time>', hit.date_iso, hit.date_shown)
        if hit.date
        else ""
    )
    return (foreign, hit.url, hit.title, hit.label or "", date, hit.snippet)


# A group's opening: {0} its provider's key, {1} its label, {2} its total, {3} "+" when
# there are more matches than the total.
SEARCH_GROUP_HEADING = (
    '<section class="search-group" aria-labelledby="group-{0}">\n'
    '<h2 id="group-{0}">{1} <span class="meta">({2}{3})</span></h2>'
)


# Written here, with the hits, rather than as template variables and a {% blocktranslate
# %}: a page's three groups took a third of its results' template time.
@register.simple_tag
def search_group_heading(group: dict[str, Any]) -> SafeString:
    results = group["results"]
    return format_html(
        SEARCH_GROUP_HEADING,
        group["provider"].key,
        group["provider"].label,
        formats.localize(results.total),  # as {{ total }} shows a number
        "+" if results.capped else "",
    )


@register.simple_tag
def search_group_more(group: dict[str, Any], query: str) -> SafeString:
    """The link to all of a group's results when it shows only some of them."""
    results, key = group["results"], group["provider"].key
    if results.total <= len(results.hits):
        return mark_safe("")
    # The message is the template's former {% blocktranslate count %}, its values escaped.
    text = ngettext(
        "All %(total)s results in %(label)s", "All %(total)s results in %(label)s", results.total
    ) % {"total": escape(formats.localize(results.total)), "label": escape(group["provider"].label)}
    return format_html(
        '<p><a href="?q={}&amp;kind={}">{}</a></p>',
        urlencode(query),
        key,
        mark_safe(text),  # noqa: S308 - the translation is ours, the values escaped
    )
