"""Translation jobs, their segments, the translation memory and the glossary.

A job brings the registered fields of one object from its source language into the other
one. Its segments (paragraphs and sentences) are pre-filled from the memory and the
machine engine, reviewed by a translator, and on approval the target fields are written
and the approved pairs go into the memory.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("en", _("English"))]


def other_language(language: str) -> str:
    return "en" if language == "ar" else "ar"


def text_hash(text: str) -> str:
    """The key of exact matches: the segment text with its whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def direction_label(source_language: str, target_language: str) -> str:
    """ "Arabic to English", in the reader's language (not the codes "ar→en")."""
    names = dict(settings.LANGUAGES)
    return _("%(source)s to %(target)s") % {
        "source": names.get(source_language, source_language),
        "target": names.get(target_language, target_language),
    }


class TranslationJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        MACHINE_DRAFT = "machine_draft", _("Machine draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        OUTDATED = "outdated", _("Outdated")
        FAILED = "failed", _("Failed")

    # A job in one of these states is still being worked on; there is at most one such
    # job per object and target language (the latest source text updates it).
    OPEN_STATES = (State.QUEUED, State.MACHINE_DRAFT, State.IN_REVIEW, State.FAILED)
    # The source text of these jobs was approved once: what later saves compare against.
    DONE_STATES = (State.APPROVED, State.OUTDATED)

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of content"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("content number"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField(
        _("object"), max_length=300, blank=True, help_text=_("As it was named when queued.")
    )
    source_language = models.CharField(_("source language"), max_length=2, choices=LANGUAGE_CHOICES)
    target_language = models.CharField(_("target language"), max_length=2, choices=LANGUAGE_CHOICES)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.QUEUED, db_index=True
    )
    # {field name: source text} of the fields this job translates, as last saved.
    source_texts = models.JSONField(_("source texts"), default=dict)
    # Bumped whenever the source texts change, so a task that prepared an older revision
    # does not mark the newer one as drafted.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updates_approved = models.BooleanField(_("updates an approved translation"), default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translation_jobs",
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("work_on_all_jobs", _("Can work on every translation job, whoever holds it")),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "target_language", "-approved_at"],
                name="translation_job_object",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "target_language"],
                condition=models.Q(state__in=["queued", "machine_draft", "in_review", "failed"]),
                name="translation_one_open_job_per_object_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_language=models.F("target_language")),
                name="translation_job_two_languages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_label or self.object_id} ({self.direction_label})"

    @property
    def direction_label(self) -> str:
        return direction_label(self.source_language, self.target_language)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.MACHINE_DRAFT, self.State.IN_REVIEW)


class Segment(models.Model):
    class State(models.TextChoices):
        EMPTY = "empty", _("Empty")
        FUZZY = "fuzzy", _("Fuzzy match")
        DRAFT = "draft", _("Needs review")
        APPROVED = "approved", _("Approved")

    class Origin(models.TextChoices):
        NONE = "", _("None")
        KEPT = "kept", _("Approved before")
        MEMORY = "memory", _("Translation memory")
        MEMORY_FUZZY = "memory_fuzzy", _("Translation memory (fuzzy)")
        MACHINE = "machine", _("Machine translation")
        HUMAN = "human", _("Translator")

    job = models.ForeignKey(TranslationJob, on_delete=models.CASCADE, related_name="segments")
    field = models.CharField(_("field"), max_length=100)
    position = models.PositiveIntegerField(_("position"))
    source = models.TextField(_("source"))
    source_hash = models.CharField(_("fingerprint of the source"), max_length=64)
    target = models.TextField(_("target"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.EMPTY)
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.NONE, blank=True
    )
    match_score = models.FloatField(_("match"), null=True, blank=True)
    # Glossary terms of the source whose fixed translation the draft does not contain.
    glossary_notes = models.JSONField(default=list, blank=True)
    # Not stored: the field's name in the active language, set by selectors.job_segments.
    field_label: str

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["job", "field", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "field", "position"], name="translation_segment_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}#{self.position}"

    def save(self, *args, **kwargs) -> None:
        self.source_hash = text_hash(self.source)
        super().save(*args, **kwargs)


class TranslationMemoryEntry(models.Model):
    """An approved pair of segments, reused for exact and fuzzy matches.

    On PostgreSQL a GIN trigram index on `source` (migration 0002) serves the fuzzy
    look-up; the exact look-up goes through `source_hash`.
    """

    source_language = models.CharField(_("source language"), max_length=2, choices=LANGUAGE_CHOICES)
    target_language = models.CharField(_("target language"), max_length=2, choices=LANGUAGE_CHOICES)
    source = models.TextField(_("source"))
    source_hash = models.CharField(_("fingerprint of the source"), max_length=64)
    target = models.TextField(_("target"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_hash"],
                name="translation_memory_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.source[:80]

    def save(self, *args, **kwargs) -> None:
        self.source_hash = text_hash(self.source)
        super().save(*args, **kwargs)


class GlossaryTerm(models.Model):
    """One of the center's fixed terms (a region, an institution, the center itself)."""

    term_ar = models.CharField(_("Arabic term"), max_length=200)
    term_en = models.CharField(_("English term"), max_length=200)
    variants_ar = models.TextField(
        _("other Arabic renderings"),
        blank=True,
        help_text=_(
            "One per line: renderings a machine engine produces that must be replaced by the term."
        ),
    )
    variants_en = models.TextField(
        _("other English renderings"),
        blank=True,
        help_text=_(
            "One per line: renderings a machine engine produces that must be replaced by the term."
        ),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term_en"]
        constraints = [
            models.UniqueConstraint(fields=["term_ar", "term_en"], name="glossary_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term_ar} · {self.term_en}"

    def term(self, language: str) -> str:
        return self.term_ar if language == "ar" else self.term_en

    def variants(self, language: str) -> list[str]:
        text = self.variants_ar if language == "ar" else self.variants_en
        return [line.strip() for line in text.splitlines() if line.strip()]
