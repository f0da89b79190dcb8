from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from diplomacy.pages.models import Page
from diplomacy.pages.selectors import page_get


def home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "pages/page_home.html",
        {"page": page_get(key=Page.HOME), "home_sections": settings.HOME_PAGE_SECTIONS},
    )


def about(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "pages/page_about.html", {"page": page_get(key=Page.ABOUT)})
