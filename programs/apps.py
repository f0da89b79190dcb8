from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from diplomacy.search.registry import register_search_provider
        from programs.search import ProgramSearchProvider

        register_search_provider(ProgramSearchProvider())

        from django.db.models.signals import post_delete, post_save

        from programs.models import Program
        from programs.search import program_changed

        for signal in (post_save, post_delete):
            signal.connect(program_changed, sender=Program, dispatch_uid=f"programs-{id(signal)}")

        # sitemap.xml is served from the portal's table of sitemaps.
        from diplomacy.sitemaps import SITEMAPS
        from programs.sitemaps import ProgramSitemap

        SITEMAPS.setdefault("programs", ProgramSitemap)
