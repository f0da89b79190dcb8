"""The public directory of partners who agreed to be listed. No contact data, ever."""

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from diplomacy.pagecache import cached_for_generation
from partners import selectors
from partners.forms import DirectoryFilterForm

DIRECTORY_PAGE_SIZE = 24


def organization_list(request: HttpRequest) -> HttpResponse:
    choices = selectors.directory_filter_choices()
    form = DirectoryFilterForm(
        request.GET or None, sectors=choices["sectors"], regions=choices["regions"]
    )
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = selectors.DirectoryFilters(
            query=form.cleaned_data["q"],
            sector=form.cleaned_data["sector"],
            kind=form.cleaned_data["kind"],
            region=form.cleaned_data["region"],
        )
    page = selectors.directory_page(
        filters=filters, number=request.GET.get("page"), per_page=DIRECTORY_PAGE_SIZE
    )
    return TemplateResponse(
        request,
        "partners/organization_list.html",
        {
            "form": form,
            "page": page,
            "cards": _cards_html(page, filters, choices["sectors"]) if page.paginator.count else "",
            "filtered": any(filters.__dict__.values()),
        },
    )


# The first pages are the ones people browse: they are kept. Deeper pages are rendered
# every time, so a crawler walking every page of every filter cannot fill Redis.
CARDS_KEPT_PAGES = 5


def _cards_html(page: Page, filters: selectors.DirectoryFilters, sectors: list) -> str:
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


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = selectors.directory_organization_get(slug=slug)
    return TemplateResponse(
        request,
        "partners/organization_detail.html",
        {"organization": organization, "sectors": list(organization.sectors.all())},
    )
