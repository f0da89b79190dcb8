from django.conf import settings
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


class SearchReindex(models.Model):
    """One rebuild of the stored search index (after the analysis or the lexicon
    changed), run batch by batch by the worker; its progress is read in the admin and by
    `manage.py search_reindex`."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total = models.PositiveIntegerField(_("to index"), default=0)
    done = models.PositiveIntegerField(_("indexed"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Where the next batch starts: the reindexer's place in the registry and the last
    # id it indexed.
    stage = models.PositiveSmallIntegerField(default=0, editable=False)
    last_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("search index rebuild")
        verbose_name_plural = _("search index rebuilds")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.progress}%)"

    @property
    def progress(self) -> int:
        """Per cent done."""
        if self.finished_at is not None:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
