"""sitemap.xml: an index of sections, one per contributed sitemap and language.

`/sitemap.xml` is a sitemap index; it lists `/sitemap-<name>-<language>.xml` and, where a
section holds more than `limit` pages, each of its pages (`?p=2`, …), so every published
language version is reachable however many there are. Apps contribute a
`LanguageSitemap` subclass by name in their `portal.py` (`sitemaps`); the portal's own
pages (home, about) are the section "pages".
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from diplomacy.languages import site_languages
from diplomacy.plugins import app_contributions


class LanguageSitemap(Sitemap):
    """The pages of one language; each entry names its versions in the other languages
    (hreflang alternates) when there is more than one."""

    limit = 5000

    def __init__(self, *, language: str) -> None:
        self.language = language

    @classmethod
    def languages(cls) -> list[str]:
        return site_languages()

    def location_in(self, item, language: str) -> str:
        raise NotImplementedError

    def alternate_languages(self, item) -> list[str]:
        """The languages `item` has a page in; by default all of them."""
        return site_languages()

    def location(self, item) -> str:
        return self.location_in(item, self.language)

    def get_latest_lastmod(self):
        # The default reads every item of the section; the index does not need it.
        return None

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            languages = self.alternate_languages(url["item"])
            url["alternates"] = [
                {"lang_code": code, "location": prefix + self.location_in(url["item"], code)}
                for code in languages
            ]
            if len(languages) < 2:
                url["alternates"] = []  # a single version has no alternates to declare
        return urls


class StaticPagesSitemap(LanguageSitemap):
    """The home and about pages."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["home", "about"]

    def location_in(self, item: str, language: str) -> str:
        with translation.override(language):
            return reverse(item)


def sitemap_sections() -> dict[str, Sitemap]:
    """One section per sitemap and language: "pages-ar", "publications-en", … A sitemap
    lists the languages it has pages in (`languages()`; by default every site language)."""
    sitemaps: dict[str, type[LanguageSitemap]] = {"pages": StaticPagesSitemap}
    for contribution in app_contributions():
        sitemaps.update(contribution.sitemaps)
    return {
        f"{name}-{code}": sitemap(language=code)
        for name, sitemap in sitemaps.items()
        for code in sitemap.languages()
    }


def sitemap_index(request: HttpRequest) -> HttpResponse:
    # Sections read at each request: the languages are those of the settings now.
    return sitemap_views.index(
        request, sitemaps=sitemap_sections(), sitemap_url_name="sitemap_section"
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=sitemap_sections(), section=section)
