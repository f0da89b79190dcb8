from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexiconConfig(AppConfig):
    """The search lexicon: irregular Arabic word forms staff keep for the search
    (diplomacy/arabic_analysis.py). An app of its own because it has a model, an admin
    and a seeding migration; it imports no domain app."""

    name = "diplomacy.lexicon"
    label = "lexicon"
    verbose_name = _("Search lexicon")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from diplomacy.lexicon.models import WordForm
        from diplomacy.lexicon.selectors import lexicon_changed

        post_save.connect(lexicon_changed, sender=WordForm, dispatch_uid="lexicon-saved")
        post_delete.connect(lexicon_changed, sender=WordForm, dispatch_uid="lexicon-deleted")
