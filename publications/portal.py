"""Publications in the portal: see diplomacy/plugins.py."""

from diplomacy.plugins import AppContribution, Translatable
from publications.search import PublicationSearchProvider
from publications.sitemaps import PublicationSitemap
from publications.translation_workflow import publication_translation_approved

contribution = AppContribution(
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
)
