"""Publications in the portal: see diplomacy/plugins.py."""

from diplomacy.lexicon.registry import SearchReindexer
from diplomacy.plugins import AppContribution, Translatable
from publications.models import PUBLICATION_COVER, PUBLICATION_IMAGE, Publication
from publications.search import PublicationSearchProvider
from publications.services import publications_search_reindex_batch
from publications.sitemaps import PublicationSitemap
from publications.translation_workflow import publication_translation_approved

contribution = AppContribution(
    search_reindexers=(
        SearchReindexer(
            "publications", Publication.objects.count, publications_search_reindex_batch
        ),
    ),
    search_providers=(PublicationSearchProvider(),),
    sitemaps={"publications": PublicationSitemap},
    translatables=(
        Translatable(
            "publications.Publication",
            fields=("title", "summary", "body", "cover_alt"),
            source_language_field="original_language",
            on_approved=publication_translation_approved,
        ),
    ),
    public_models=(
        "publications.Publication",
        "publications.PublicationSlug",
        "publications.Author",
        "publications.Tag",
        "publications.Attachment",
        "publications.PublicationImage",
    ),
    rendered_images=(PUBLICATION_COVER, PUBLICATION_IMAGE),
)
