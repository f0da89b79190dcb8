"""sitemap.xml: the portal's own pages, and the sitemaps the apps contribute."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation


class StaticPagesSitemap(Sitemap):
    """The home and about pages, in both languages."""

    changefreq = "weekly"

    def items(self) -> list[tuple[str, str]]:
        return [
            (name, language) for name in ("home", "about") for language, _name in settings.LANGUAGES
        ]

    def location(self, item: tuple[str, str]) -> str:
        name, language = item
        with translation.override(language):
            return reverse(name)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            name, _language = url["item"]
            url["alternates"] = [
                {"lang_code": code, "location": prefix + self.location((name, code))}
                for code, _name in settings.LANGUAGES
            ]
        return urls


SITEMAPS: dict[str, type[Sitemap]] = {"pages": StaticPagesSitemap}
