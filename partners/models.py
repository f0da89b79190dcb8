"""Organizations the center works with, the people there, agreements and the history.

Names are kept in every script the organization uses (Arabic, English, its own script
when it is neither, and a Latin transliteration). `search_text` holds all of them,
normalized, so one index finds an organization whatever script or spelling staff type.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import Storage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from diplomacy.images import LOGO_SIZES, RenderedImage
from diplomacy.storage import private_storage as shared_private_storage
from partners.validation import validate_logo, validate_pdf


class Tag(models.Model):
    """A free label staff put on organizations ("donor meeting 2025", "Brussels network")."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=90, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("association")
        UNION = "union", _("professional union")
        CIVIL = "civil", _("civil organization")
        MUNICIPALITY = "municipality", _("municipality")
        ACADEMY = "academy", _("academy")
        COOPERATIVE = "cooperative", _("cooperative")
        INSTITUTION = "institution", _("institution")
        MEDIA = "media", _("media")
        NETWORK = "network", _("network")
        DONOR = "donor", _("donor")
        OTHER = "other", _("other")

    class WorldRegion(models.TextChoices):
        MIDDLE_EAST = "middle-east", _("Middle East")
        NORTH_AFRICA = "north-africa", _("North Africa")
        SUB_SAHARAN_AFRICA = "sub-saharan-africa", _("Sub-Saharan Africa")
        EUROPE = "europe", _("Europe")
        NORTH_AMERICA = "north-america", _("North America")
        LATIN_AMERICA = "latin-america", _("Latin America")
        ASIA = "asia", _("Asia")
        OCEANIA = "oceania", _("Oceania")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("prospect")
        ACTIVE = "active", _("active")
        DORMANT = "dormant", _("dormant")
        ENDED = "ended", _("ended")

    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    # Translated into name_ar / name_en (partners/translation.py).
    name = models.CharField(_("name"), max_length=255, blank=True)
    name_native = models.CharField(
        _("name in its own script"),
        max_length=255,
        blank=True,
        help_text=_("When the organization's own name is neither Arabic nor English."),
    )
    name_latin = models.CharField(
        _("Latin transliteration"),
        max_length=255,
        blank=True,
        help_text=_("How the name is written in Latin letters, e.g. Komîna Jinên Cizîrê."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    sectors = models.ManyToManyField(
        "taxonomy.Sector", verbose_name=_("sectors"), blank=True, related_name="organizations"
    )
    region = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("region of North and East Syria"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    town = models.CharField(_("town"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    world_region = models.CharField(
        _("world region"), max_length=24, choices=WorldRegion.choices, blank=True
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Derived from `website` on save: duplicate detection compares domains.
    website_domain = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    emails = models.JSONField(_("email addresses"), default=list, blank=True)
    phones = models.JSONField(
        _("phone numbers"),
        default=list,
        blank=True,
        help_text=_("Stored in international form, e.g. +963 52 123 456."),
    )
    logo = models.ImageField(
        _("logo"), upload_to="partners/logos/", blank=True, validators=[validate_logo]
    )
    # What pages show of the logo, written by the media worker (diplomacy/images.py):
    # small WebP and PNG squares for the image named in `logo_renditions_of`.
    logo_renditions = models.JSONField(default=list, blank=True, editable=False)
    logo_renditions_of = models.CharField(max_length=255, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("relationship status"), max_length=12, choices=Status.choices, default=Status.PROSPECT
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), blank=True, related_name="organizations"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_organizations",
        limit_choices_to={"is_staff": True},
    )
    directory_consent = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Only with the organization's consent."),
    )
    directory_consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    # search_text halved by script, for the close (misspelled) match alone
    # (partners.matching.words_by_script).
    latin_words = models.TextField(editable=False, blank=True, default="")
    non_latin_words = models.TextField(editable=False, blank=True, default="")
    # Consonant skeletons of every name (partners.matching): duplicate detection.
    name_keys = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    if TYPE_CHECKING:  # the columns modeltranslation adds (partners/translation.py)
        name_ar: str | None
        name_en: str | None
        town_ar: str | None
        town_en: str | None
        description_ar: str | None
        description_en: str | None

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_latin", "slug"]
        permissions = [
            ("import_organization", _("Can import organizations")),
            ("export_organization", _("Can export organizations")),
            ("merge_organization", _("Can merge duplicate organizations")),
        ]
        indexes = [
            models.Index(fields=["directory_consent", "kind"], name="partners_org_directory"),
            models.Index(fields=["status"], name="partners_org_status"),
            models.Index(fields=["-updated_at"], name="partners_org_updated"),
            # The orders of the staff list and of the directory in each language.
            models.Index(fields=["name_latin", "slug"], name="partners_org_latin_order"),
            models.Index(fields=["name_ar", "slug"], name="partners_org_ar_order"),
            models.Index(fields=["name_en", "slug"], name="partners_org_en_order"),
            # The public directory's order in each language, listed partners only, with
            # the key: a page's keys (and the count) come from the index alone.
            *[
                models.Index(
                    fields=[f"name_{language}", "slug"],
                    include=["id"],
                    condition=models.Q(directory_consent=True),
                    name=f"partners_org_listed_{language}",
                )
                for language in ("ar", "en")
            ],
            # The staff list's country filter lists the countries in use.
            models.Index(fields=["country"], name="partners_org_country"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the active language, else any name the organization has."""
        return (
            self.name
            or self.name_ar
            or self.name_en
            or self.name_latin
            or self.name_native
            or self.slug
        )

    @property
    def location(self) -> str:
        """Where it works, in the active language: the town and region of North and East
        Syria, else the country and the world region."""
        if self.region_id:
            return gettext(", ").join(name for name in (self.town, self.region.name) if name)
        country = self.country.name if self.country else ""
        # get_world_region_display() would translate every region's name to look one up.
        world_region = dict(self.WorldRegion.choices).get(self.world_region, "")
        return " · ".join(str(name) for name in (country, world_region) if name)


ORGANIZATION_LOGO = RenderedImage(
    "partners.Organization", "logo", LOGO_SIZES, "partners/logos/renditions/{instance.pk}", "logo_"
)


class Contact(models.Model):
    """A person the center talks to; may hold roles at several organizations over time."""

    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    emails = models.JSONField(_("email addresses"), default=list, blank=True)
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    preferred_language = models.CharField(
        _("language for correspondence"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    organizations = models.ManyToManyField(
        Organization, through="Affiliation", related_name="contacts", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    """A contact's role at an organization, for a period (open-ended while current)."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("role"), max_length=160, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role at an organization")
        verbose_name_plural = _("roles at organizations")
        ordering = ["ended_on", "-started_on", "pk"]
        indexes = [models.Index(fields=["organization", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.contact} — {self.role}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


def agreement_storage() -> Storage:
    """Signed agreements are not public: they live outside MEDIA_ROOT and are served
    only through the admin, to staff allowed to view agreements."""
    return shared_private_storage(
        location=settings.PARTNERS_PRIVATE_ROOT, base_url="/admin/partners/agreement/document/"
    )


def agreement_path(instance: "Agreement", filename: str) -> str:
    # A random name: nothing about the partner can be read from it or guessed.
    return f"partners/agreements/{uuid.uuid4().hex}.pdf"


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding")
        PARTNERSHIP = "partnership", _("partnership agreement")
        OTHER = "other", _("other agreement")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MOU)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    document = models.FileField(
        _("signed document (PDF)"),
        upload_to=agreement_path,
        storage=agreement_storage,
        blank=True,
        validators=[validate_pdf],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partners_agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgreementReminder(models.Model):
    """Marks that the reminder `days_before` the end date has been sent, so beat runs
    never send it twice. The end date is part of the key: an extended agreement is
    reminded again before its new end."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    ends_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement reminder")
        verbose_name_plural = _("agreement reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before", "ends_on"],
                name="partners_agreement_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} −{self.days_before}d"


class Interaction(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        CALL = "call", _("call")
        EMAIL = "email", _("email")
        VISIT = "visit", _("visit")
        EVENT = "event", _("event")
        DELEGATION = "delegation", _("delegation meeting")
        PROGRAM = "program", _("program partnership")
        OTHER = "other", _("other")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.MEETING)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    staff_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff participants"),
        blank=True,
        related_name="partner_interactions",
        limit_choices_to={"is_staff": True},
    )
    contact_participants = models.ManyToManyField(
        Contact, verbose_name=_("contacts present"), blank=True, related_name="interactions"
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_follow_ups",
        limit_choices_to={"is_staff": True},
    )
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    # The follow-up date that was last reminded: a moved date is reminded again.
    follow_up_reminded_for = models.DateField(null=True, blank=True, editable=False)
    # Set when another app (a delegation meeting, a program) recorded this interaction.
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-occurred_on"]),
            models.Index(
                fields=["follow_up_on"],
                condition=models.Q(follow_up_done=False, follow_up_on__isnull=False),
                name="partners_interaction_due",
            ),
        ]
        constraints = [
            # Another app recording the same thing twice (a retried task) adds one row.
            models.UniqueConstraint(
                fields=["organization", "source_type", "source_id", "kind"],
                condition=models.Q(source_type__isnull=False),
                name="partners_interaction_source_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class OrganizationImport(models.Model):
    """An uploaded partner file between upload and confirmation: the preview (every row
    checked, duplicates looked for) is made by a background job, which the uploader
    watches. The file and the preview are deleted once imported, or after a day."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CHECKING = "checking", _("Checking")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    language = models.CharField(max_length=10, editable=False)
    file_format = models.CharField(max_length=10, editable=False)
    content = models.BinaryField(editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    preview = models.JSONField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization import")
        verbose_name_plural = _("organization imports")

    def __str__(self) -> str:
        return f"{self.uploader} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent_checked(self) -> int:
        return round(100 * self.rows_checked / self.rows_total) if self.rows_total else 0
