from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from programs.search import ProgramSearchProvider
        from publications.search import register_search_provider

        register_search_provider(ProgramSearchProvider())
