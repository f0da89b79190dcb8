"""Partners in the portal (diplomacy/plugins.py): the public directory is searched and
translated; contacts, agreements and interactions stay inside the staff pages."""

from diplomacy.plugins import AppContribution, Translatable
from partners.notifications import NOTIFICATION_TYPES
from partners.search import PartnerSearchProvider

contribution = AppContribution(
    search_providers=(PartnerSearchProvider(),),
    translatables=(Translatable("partners.Organization", fields=("name", "description")),),
    public_models=("partners.Organization", "partners.Tag"),
    notification_types=NOTIFICATION_TYPES,
)
