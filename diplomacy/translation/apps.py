from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "diplomacy.translation"
    label = "translation"
    verbose_name = _("Translation")

    def ready(self) -> None:
        # modeltranslation (first in INSTALLED_APPS) has read every translation.py by now,
        # so the fields we hand to the registry can be checked against its options.
        from diplomacy.translation.registry import register_installed_translatables

        register_installed_translatables()
        self._connect_publication_workflow()

    def _connect_publication_workflow(self) -> None:
        from django.apps import apps

        if not apps.is_installed("publications"):
            return
        try:
            from publications import services as publication_services

            publication_model = apps.get_model("publications", "Publication")
        except (ImportError, LookupError):
            return
        if not hasattr(publication_services, "publication_publish"):
            return
        from diplomacy.translation.publication_workflow import publication_translation_approved
        from diplomacy.translation.signals import translation_approved

        translation_approved.connect(
            publication_translation_approved,
            sender=publication_model,
            dispatch_uid="translation-publication-workflow",
        )
