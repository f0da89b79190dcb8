"""Publications in sitemap.xml: each published language version, with hreflang
alternates to the other languages that are published too (each under its own slug)."""

from django.db.models import QuerySet

from diplomacy.sitemaps import LanguageSitemap
from publications.models import LANGUAGES, Publication
from publications.selectors import publications_published


class PublicationSitemap(LanguageSitemap):
    changefreq = "monthly"

    @classmethod
    def languages(cls) -> list[str]:
        # A version exists only in a language with columns.
        return [code for code in super().languages() if code in LANGUAGES]

    def items(self) -> QuerySet[Publication]:
        # A queryset, not a list: a page of the section reads its 5,000 rows only.
        return (
            publications_published(language=self.language)
            .only(
                "id", "slug_ar", "slug_en", "state_ar", "state_en", "original_language",
                "updated_at",
            )
            .order_by("id")
        )  # fmt: skip

    def location_in(self, item: Publication, language: str) -> str:
        return item.get_absolute_url(language)

    def alternate_languages(self, item: Publication) -> list[str]:
        return item.published_languages

    def lastmod(self, item: Publication):
        return item.updated_at
