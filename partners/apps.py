from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from partners.search import PartnerSearchProvider
        from publications.search import register_search_provider

        register_search_provider(PartnerSearchProvider())
        _register_search_reindexer()


def _register_search_reindexer() -> None:
    from diplomacy.lexicon.registry import SearchReindexer, register_search_reindexer
    from partners.models import Organization
    from partners.services import organizations_search_reindex_batch

    register_search_reindexer(
        SearchReindexer("partners", Organization.objects.count, organizations_search_reindex_batch)
    )
