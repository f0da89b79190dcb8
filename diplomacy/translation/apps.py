from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "diplomacy.translation"
    label = "translation"
    verbose_name = _("Translation")

    def ready(self) -> None:
        # modeltranslation (first in INSTALLED_APPS) has read every translation.py by now,
        # so the fields the apps declare can be checked against its options.
        from diplomacy.translation.registry import register_declared_translatables

        register_declared_translatables()
