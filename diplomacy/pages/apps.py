from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "diplomacy.pages"
    label = "pages"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        from diplomacy.pagecache_invalidation import connect_public_model_receivers

        connect_public_model_receivers()
