"""Partners in the portal (diplomacy/plugins.py): the public directory is searched and
translated; contacts, agreements and interactions stay inside the staff pages."""

from diplomacy.lexicon.registry import SearchReindexer
from diplomacy.plugins import AppContribution, Translatable
from partners.models import ORGANIZATION_LOGO, Organization
from partners.notifications import NOTIFICATION_TYPES
from partners.search import PartnerSearchProvider
from partners.services import organizations_search_reindex_batch

contribution = AppContribution(
    search_reindexers=(
        SearchReindexer("partners", Organization.objects.count, organizations_search_reindex_batch),
    ),
    search_providers=(PartnerSearchProvider(),),
    translatables=(Translatable("partners.Organization", fields=("name", "description")),),
    public_models=("partners.Organization", "partners.Tag"),
    notification_types=NOTIFICATION_TYPES,
    rendered_images=(ORGANIZATION_LOGO,),
)
