"""The hits of the search results page (templates/search/search_results.html)."""

from collections.abc import Iterable

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
