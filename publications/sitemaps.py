"""Publications in sitemap.xml: each published language version, with hreflang
alternates to the other languages that are published too (each under its own slug)."""

from django.contrib.sitemaps import Sitemap

from publications.models import LANGUAGES, Publication
from publications.selectors import publications_published


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> list[tuple[Publication, str]]:
        items = []
        for language in LANGUAGES:
            for publication in publications_published(language=language).only(
                "id", "slug_ar", "slug_en", "state_ar", "state_en", "original_language",
                "updated_at",
            ).order_by("id"):  # fmt: skip
                items.append((publication, language))
        return items

    def location(self, item: tuple[Publication, str]) -> str:
        publication, language = item
        return publication.get_absolute_url(language)

    def lastmod(self, item: tuple[Publication, str]):
        return item[0].updated_at

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            publication, _language = url["item"]
            url["alternates"] = [
                {"lang_code": code, "location": prefix + publication.get_absolute_url(code)}
                for code in publication.published_languages
            ]
            if len(url["alternates"]) < 2:
                url["alternates"] = []  # a single version has no alternates to declare
        return urls
