"""Published programs in sitemap.xml, in both languages (one slug for both)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils import translation

from programs.models import Program


class ProgramSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[tuple[Program, str]]:
        programs = Program.objects.public().only("slug", "updated_at").order_by("pk")
        return [(program, code) for program in programs for code, _name in settings.LANGUAGES]

    def location(self, item: tuple[Program, str]) -> str:
        program, language = item
        with translation.override(language):
            return program.get_absolute_url()

    def lastmod(self, item: tuple[Program, str]):
        return item[0].updated_at

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            program, _language = url["item"]
            url["alternates"] = [
                {"lang_code": code, "location": prefix + self.location((program, code))}
                for code, _name in settings.LANGUAGES
            ]
        return urls
