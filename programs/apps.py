from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from programs.search import ProgramSearchProvider
        from publications.search import register_search_provider

        register_search_provider(ProgramSearchProvider())

        from django.db.models.signals import post_delete, post_save

        from programs.models import Program
        from programs.search import program_changed

        for signal in (post_save, post_delete):
            signal.connect(program_changed, sender=Program, dispatch_uid=f"programs-{id(signal)}")

        # sitemap.xml is served from publications' table of sitemaps.
        from programs.sitemaps import ProgramSitemap
        from publications.sitemaps import SITEMAPS

        SITEMAPS.setdefault("programs", ProgramSitemap)
