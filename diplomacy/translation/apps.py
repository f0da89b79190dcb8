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
