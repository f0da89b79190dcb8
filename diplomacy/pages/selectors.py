from django.http import Http404

from diplomacy.pages.models import Page


def page_get(*, key: str) -> Page:
    page = Page.objects.filter(key=key).first()
    if page is None:
        raise Http404(key)
    return page
