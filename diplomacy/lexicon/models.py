from django.db import models
from django.utils.translation import gettext_lazy as _


class WordForm(models.Model):
    """An irregular form of a word (a broken plural, mostly) and the base word the
    search finds it under: «وفود» → «وفد»."""

    form = models.CharField(
        _("form"),
        max_length=60,
        unique=True,
        help_text=_("As written, without article or prefixes, e.g. «وفود»."),
    )
    base = models.CharField(
        _("base word"),
        max_length=60,
        help_text=_("The word it is found under, e.g. «وفد»."),
    )
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("word form")
        verbose_name_plural = _("word forms")
        ordering = ["base", "form"]

    def __str__(self) -> str:
        return f"{self.form} → {self.base}"
