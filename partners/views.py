"""The public directory of partners who agreed to be listed. No contact data, ever."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from partners import selectors
from partners.forms import DirectoryFilterForm
from partners.sections import directory_cards_html

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
            "cards": directory_cards_html(page, filters, choices["sectors"])
            if page.paginator.count
            else "",
            "filtered": any(filters.__dict__.values()),
        },
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = selectors.directory_organization_get(slug=slug)
    return TemplateResponse(
        request,
        "partners/organization_detail.html",
        {"organization": organization, "sectors": list(organization.sectors.all())},
    )
