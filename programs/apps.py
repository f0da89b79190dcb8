from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from programs.search import ProgramSearchProvider
        from publications.search import register_search_provider

        register_search_provider(ProgramSearchProvider())

        # sitemap.xml is served from publications' table of sitemaps.
        from programs.sitemaps import ProgramSitemap
        from publications.sitemaps import SITEMAPS

        SITEMAPS.setdefault("programs", ProgramSitemap)
