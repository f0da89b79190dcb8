"""Programs in the portal: see diplomacy/plugins.py."""

from diplomacy.plugins import AppContribution, PublicModel, Translatable
from programs.models import PROGRAM_COVER
from programs.notifications import NOTIFICATION_TYPES
from programs.search import ProgramSearchProvider
from programs.sitemaps import ProgramSitemap

contribution = AppContribution(
    search_providers=(ProgramSearchProvider(),),
    sitemaps={"programs": ProgramSitemap},
    translatables=(
        Translatable("programs.Program", fields=("title", "summary", "description", "cover_alt")),
        Translatable("programs.Event", fields=("title", "description")),
    ),
    public_models=(
        "programs.Program",
        "programs.ProgramPartner",
        "programs.Event",
        # Sessions show the places left; an attendance mark or a reminder shows nowhere.
        PublicModel("programs.Registration", fields=("status",)),
    ),
    notification_types=NOTIFICATION_TYPES,
    rendered_images=(PROGRAM_COVER,),
)
