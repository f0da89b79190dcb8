from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from publications.models import Publication

        post_save.connect(
            _publication_saved, sender=Publication, dispatch_uid="publications-text-saved"
        )


def _publication_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    # Whoever writes the text (admin, translation job, script), search and per-language
    # state follow; fixtures loaded raw are left as they are.
    if raw:
        return
    from publications.services import publication_text_saved

    publication_text_saved(publication=instance, update_fields=update_fields)
