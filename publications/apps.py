from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        # Registers the publications search provider (see publications/search.py).
        from django.db.models.signals import post_save

        from publications import search  # noqa: F401
        from publications.models import Publication

        post_save.connect(
            _publication_saved, sender=Publication, dispatch_uid="publications-text-saved"
        )
        _register_search_reindexer()


def _register_search_reindexer() -> None:
    from diplomacy.lexicon.registry import SearchReindexer, register_search_reindexer
    from publications.models import Publication
    from publications.services import publications_search_reindex_batch

    register_search_reindexer(
        SearchReindexer(
            "publications", Publication.objects.count, publications_search_reindex_batch
        )
    )


def _publication_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # Whoever writes the text (admin, translation job, script), search and per-language
    # state follow; fixtures loaded raw are left as they are.
    if raw:
        return
    from publications.services import publication_text_saved

    publication_text_saved(publication=instance, update_fields=update_fields)
