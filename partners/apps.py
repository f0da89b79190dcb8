from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from diplomacy.search.registry import register_search_provider
        from partners.search import PartnerSearchProvider

        register_search_provider(PartnerSearchProvider())
