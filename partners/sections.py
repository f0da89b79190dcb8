"""Sections of the public directory rendered once and shared: they show only partners
who agreed to be listed, nothing of the person reading."""

from django.core.paginator import Page
from django.template.loader import render_to_string
from django.utils.translation import get_language

from diplomacy.pagecache import cached_for_generation
from partners import selectors

# The first pages are the ones people browse: they are kept. Deeper pages are rendered
# every time, so a crawler walking every page of every filter cannot fill Redis.
CARDS_KEPT_PAGES = 5


def directory_cards_html(page: Page, filters: selectors.DirectoryFilters, sectors: list) -> str:
    """The page's cards, kept per generation of the public pages for the first pages of
    the list (a search's matches are rendered each time: any words can be typed)."""

    def render() -> str:
        organizations = selectors.directory_cards(page=page, sectors=sectors)
        return render_to_string("partners/directory_cards.html", {"organizations": organizations})

    if filters.query or page.number > CARDS_KEPT_PAGES:
        return render()
    key = ":".join(
        (
            "partners:directory-cards",
            get_language() or "",
            filters.kind,
            filters.sector,
            filters.region,
            str(page.number),
        )
    )
    return cached_for_generation(key, render)
