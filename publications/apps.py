from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    # Joins the portal through publications/portal.py; its writes go through
    # publications/services.py (publication_save), never through model signals.
    name = "publications"
    verbose_name = _("Publications")
