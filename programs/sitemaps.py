"""Published programs in sitemap.xml, in every language (one slug for all)."""

from django.db.models import QuerySet
from django.utils import translation

from diplomacy.sitemaps import LanguageSitemap
from programs.models import Program


class ProgramSitemap(LanguageSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Program]:
        return Program.objects.public().only("slug", "updated_at").order_by("pk")

    def location_in(self, item: Program, language: str) -> str:
        with translation.override(language):
            return item.get_absolute_url()

    def lastmod(self, item: Program):
        return item.updated_at
