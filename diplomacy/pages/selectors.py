from django.http import Http404

from diplomacy.pagecache import cached_for_generation
from diplomacy.pages.models import Page


def page_get(*, key: str) -> Page:
    """The page in every language, read once per generation of the public pages (saving
    a page bumps it)."""

    def read() -> Page:
        page = Page.objects.filter(key=key).first()
        if page is None:
            raise Http404(key)
        return page

    return cached_for_generation(f"page:{key}", read)
