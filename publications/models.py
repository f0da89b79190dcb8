"""Publications: articles, news, research, reports and statements in Arabic and English.

Each language version has its own workflow state, slug and dates, stored as explicit
`_ar`/`_en` columns next to the modeltranslation text fields, so one row answers every
public page without joins. Search columns (a normalized title for pg_trgm and a stored
tsvector per language) are written by the services, never on the request path.
"""

import contextlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from diplomacy.images import COVER_SIZES, RenderedImage
from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.revisions.registry import register_revised
from diplomacy.richtext import sanitize_html

LANGUAGES = CONTENT_LANGUAGES  # the languages with columns (diplomacy/languages.py)


class Author(models.Model):
    """A person who writes for the center: a staff member or someone from outside."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=160)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_authors",
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Tag(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Publication(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        NEWS = "news", _("News")
        RESEARCH = "research", _("Research")
        REPORT = "report", _("Report")
        STATEMENT = "statement", _("Statement")

    class State(models.TextChoices):
        MISSING = "missing", _("Missing")
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ARTICLE)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    # Translatable (modeltranslation adds _ar/_en columns): title, summary, body, cover_alt.
    title = models.CharField(_("title"), max_length=250, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Rich text; unsafe markup is removed.")
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    slug_ar = models.SlugField(
        _("Arabic slug"), max_length=120, unique=True, null=True, blank=True, allow_unicode=True
    )
    slug_en = models.SlugField(
        _("English slug"), max_length=120, unique=True, null=True, blank=True
    )
    state_ar = models.CharField(
        _("Arabic version state"), max_length=10, choices=State.choices, default=State.MISSING
    )
    state_en = models.CharField(
        _("English version state"), max_length=10, choices=State.choices, default=State.MISSING
    )
    publish_at_ar = models.DateTimeField(_("publish the Arabic version at"), null=True, blank=True)
    publish_at_en = models.DateTimeField(_("publish the English version at"), null=True, blank=True)
    published_at_ar = models.DateTimeField(_("Arabic version published"), null=True, blank=True)
    published_at_en = models.DateTimeField(_("English version published"), null=True, blank=True)
    # Set when a published version is withdrawn: its URL then answers 410 Gone.
    unpublished_at_ar = models.DateTimeField(_("Arabic version withdrawn"), null=True, blank=True)
    unpublished_at_en = models.DateTimeField(_("English version withdrawn"), null=True, blank=True)

    publication_date = models.DateField(_("publication date"))
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="publications"
    )
    sectors = models.ManyToManyField(
        "taxonomy.Sector", verbose_name=_("sectors"), blank=True, related_name="publications"
    )
    regions = models.ManyToManyField(
        "taxonomy.Region", verbose_name=_("regions"), blank=True, related_name="publications"
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="publications"
    )

    cover_image = models.ImageField(
        _("cover image"),
        upload_to="publications/covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text=_("JPEG, PNG or WebP; its metadata (camera, GPS position) is removed."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # [{"width": 480, "height": 270, "format": "webp", "name": "publications/renditions/…"}]
    # for the image named in `cover_renditions_of`; written by the media worker.
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    cover_renditions_of = models.CharField(max_length=255, blank=True, editable=False)

    search_title_ar = models.CharField(max_length=250, blank=True, editable=False)
    search_title_en = models.CharField(max_length=250, blank=True, editable=False)
    search_vector_ar = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)
    # The plain text of the body's opening, per language, that a search hit's snippet is
    # cut from (written with the vectors, publication_search_refresh): a search reads
    # neither the bodies' HTML nor turns it into text for its hits.
    search_snippet_ar = models.TextField(blank=True, default="", editable=False)
    search_snippet_en = models.TextField(blank=True, default="", editable=False)

    # The related publications the article page shows, per language: {"ar": [ids], ...},
    # newest first, written by the services when this or a neighbour changes
    # (publications_related_refresh). None: not worked out yet (the page asks live).
    related_ids = models.JSONField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-publication_date", "-id"]
        permissions = [
            ("publish_publication", _("Can publish and unpublish publications")),
            ("translate_publication", _("Can translate publications")),
        ]
        indexes = [
            models.Index(
                fields=["state_ar", "-publication_date", "-id"], name="publication_ar_listing"
            ),
            models.Index(
                fields=["state_en", "-publication_date", "-id"], name="publication_en_listing"
            ),
            # The list filtered by kind, and its count, from the index alone.
            models.Index(
                fields=["state_ar", "kind", "-publication_date", "-id"],
                name="publication_ar_kind_listing",
            ),
            models.Index(
                fields=["state_en", "kind", "-publication_date", "-id"],
                name="publication_en_kind_listing",
            ),
        ]

    def __str__(self) -> str:
        return self.title_ar or self.title_en or f"#{self.pk}"

    def save(self, *args, **kwargs) -> None:
        for field in ("body_ar", "body_en"):
            setattr(self, field, sanitize_html(getattr(self, field) or ""))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "body_ar", "body_en"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"body_ar", "body_en"}
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None) -> str:
        from django.urls import reverse
        from django.utils import translation

        language = language or translation.get_language()
        with translation.override(language):
            return reverse("publications:detail", kwargs={"slug": self.slug_for_url(language)})

    def slug_for_url(self, language: str) -> str:
        """The slug of its address in `language`: its own, else the original's, else the id."""
        return self.slug_in(language) or self.slug_in(self.original_language) or str(self.pk)

    # Per-language accessors, so templates and services need no getattr strings.
    def state_in(self, language: str) -> str:
        return getattr(self, f"state_{language}")

    def slug_in(self, language: str) -> str | None:
        return getattr(self, f"slug_{language}")

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{language}") or ""

    def is_published_in(self, language: str) -> bool:
        return self.state_in(language) == self.State.PUBLISHED

    def was_withdrawn_in(self, language: str) -> bool:
        return not self.is_published_in(language) and bool(
            getattr(self, f"unpublished_at_{language}")
        )

    @property
    def published_languages(self) -> list[str]:
        return [language for language in LANGUAGES if self.is_published_in(language)]


class PublicationSlug(models.Model):
    """A slug a language version had before: old links redirect to the current one."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="old_slugs")
    language = models.CharField(max_length=2, choices=Publication.Language.choices)
    slug = models.SlugField(max_length=120, allow_unicode=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="publication_old_slug_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language}/{self.slug}"


class Attachment(models.Model):
    """A file that goes with a publication, typically the PDF of a report."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="publications/attachments/%Y/%m/")
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title_ar or self.title_en or self.file.name

    def save(self, *args, **kwargs) -> None:
        if self.file:
            with contextlib.suppress(OSError, ValueError):
                self.size = self.file.size
        super().save(*args, **kwargs)


class PublicationImage(models.Model):
    """An image used inside a publication's body. Staff upload it here (checked and
    stripped of metadata like the cover), then place it in the text by its address; the
    page adds its renditions, dimensions and lazy loading."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"),
        upload_to="publications/images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP; its metadata (camera, GPS position) is removed."),
    )
    alt = models.CharField(
        _("description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    renditions_of = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("image in the text")
        verbose_name_plural = _("images in the text")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


# Covers and images in the text through the one renditions pipeline (diplomacy/images.py).
RENDITIONS = "publications/renditions"
PUBLICATION_COVER = RenderedImage(
    "publications.Publication",
    "cover_image",
    COVER_SIZES,
    f"{RENDITIONS}/{{instance.pk}}",
    "cover_",
)
PUBLICATION_IMAGE = RenderedImage(
    "publications.PublicationImage",
    "image",
    COVER_SIZES,
    f"{RENDITIONS}/{{instance.publication_id}}/images",
)


register_revised(
    Publication,
    translated=("title", "summary", "body", "cover_alt"),
    plain=("kind", "original_language", "publication_date"),
)
