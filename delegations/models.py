import uuid

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from delegations.encryption import EncryptedDateField, EncryptedTextField
from diplomacy.storage import private_storage as shared_private_storage


class DelegationType(models.TextChoices):
    POLITICAL = "political", _("Political")
    ACADEMIC = "academic", _("Academic")
    MEDIA = "media", _("Journalists and media")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    SOLIDARITY = "solidarity", _("Solidarity")
    MUNICIPAL = "municipal", _("Municipal")
    HEALTH = "health", _("Health and humanitarian")
    OTHER = "other", _("Other")


class EntryRoute(models.TextChoices):
    IRAQI_KURDISTAN = (
        "iraqi-kurdistan",
        _("Through the Kurdistan Region of Iraq (Semalka crossing)"),
    )
    DAMASCUS = "damascus", _("Through Damascus")
    OTHER = "other", _("Another way (please explain)")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("Visit in progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# States after which nothing more happens; the retention clock starts when one is reached.
CLOSED_STATES = (
    ApplicationState.COMPLETED,
    ApplicationState.DECLINED,
    ApplicationState.WITHDRAWN,
    ApplicationState.CANCELLED,
)
# States in which the applicant may still change what they wrote.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.INFORMATION_REQUESTED)


def private_storage() -> Storage:
    """Attachments live outside MEDIA_ROOT: they are served only by a permission-checked view."""
    return shared_private_storage(location=settings.DELEGATIONS_PRIVATE_ROOT)


def attachment_path(instance: "Message", filename: str) -> str:
    # Random names: the original file name may carry personal data.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"delegations/{uuid.uuid4().hex}.{suffix}"


class Application(models.Model):
    """A delegation's request to visit North and East Syria, from draft to completed visit."""

    # Every text field is declared personal (emptied by the purge) or not; a test fails
    # when a new one is neither. Free text may name people, so it counts as personal.
    PERSONAL_DATA_FIELDS = (
        "lead_name", "lead_phone", "purpose", "meeting_interests", "entry_details",
        "media_details",
    )  # fmt: skip
    NON_PERSONAL_FIELDS = (
        "state", "organization", "organization_website", "delegation_type", "entry_route",
        "languages", "statistics", "organization_country",
    )  # fmt: skip
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="delegation_applications",
    )
    state = models.CharField(
        _("state"),
        max_length=32,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        db_index=True,
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_delegations",
    )

    # The lead applicant and their organization.
    lead_name = models.CharField(_("full name of the lead applicant"), max_length=200)
    lead_phone = models.CharField(_("phone number"), max_length=40, blank=True)
    organization = models.CharField(_("organization or affiliation"), max_length=200)
    organization_country = CountryField(_("country of the organization"))
    organization_website = models.URLField(_("website"), blank=True)
    delegation_type = models.CharField(
        _("type of delegation"), max_length=32, choices=DelegationType.choices
    )

    # The visit.
    purpose = models.TextField(_("purpose of the visit"), blank=True)
    sectors = models.ManyToManyField(
        "taxonomy.Sector", verbose_name=_("sectors of interest"), blank=True, related_name="+"
    )
    meeting_interests = models.TextField(
        _("organizations and institutions you would like to meet"), blank=True
    )
    arrival_date = models.DateField(_("proposed arrival date"), null=True, blank=True)
    departure_date = models.DateField(_("proposed departure date"), null=True, blank=True)
    entry_route = models.CharField(
        _("how you plan to enter"), max_length=32, choices=EntryRoute.choices, blank=True
    )
    entry_details = models.TextField(_("details about the way in"), blank=True)
    languages = models.CharField(
        _("languages spoken by the delegation"), max_length=200, blank=True
    )
    plans_filming = models.BooleanField(_("we plan to film or photograph"), default=False)
    plans_publishing = models.BooleanField(_("we plan to publish about the visit"), default=False)
    media_details = models.TextField(_("details of media plans"), blank=True)

    # Acknowledgements.
    safety_acknowledged = models.BooleanField(_("safety information acknowledged"), default=False)
    data_consent_at = models.DateTimeField(
        _("consent to data processing given"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    # Kept after the members' personal data is purged: counts only, nothing identifying.
    statistics = models.JSONField(_("anonymous statistics"), default=dict, blank=True)

    class Meta:
        verbose_name = _("delegation application")
        verbose_name_plural = _("delegation applications")
        ordering = ["-created_at"]
        permissions = [
            ("review_application", _("Can review delegation applications")),
            ("view_personal_data", _("Can open passport numbers and dates of birth")),
            ("view_all_applications", _("Can see every delegation application")),
            ("assign_application", _("Can assign coordinators to delegation applications")),
        ]
        constraints = [
            # A draft saved twice (or by a double click) is still one draft.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(state="draft"),
                name="delegations_one_draft_per_applicant",
            ),
            models.CheckConstraint(
                condition=models.Q(departure_date__isnull=True)
                | models.Q(arrival_date__isnull=True)
                | models.Q(departure_date__gt=models.F("arrival_date")),
                name="delegations_departure_after_arrival",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "arrival_date"]),
            # The review queue without a state filter: the open applications by arrival
            # (its page read in order).
            models.Index(
                fields=["arrival_date", "id"],
                condition=~models.Q(state="draft") & ~models.Q(state__in=CLOSED_STATES),
                name="delegations_open_queue",
            ),
            # ... and its count, from this index alone: a handful of states, each stored
            # once per index page with its rows (B-tree deduplication), 15 pages for
            # 14,000 open applications against 76: counted in two thirds of the time.
            models.Index(
                fields=["state"],
                condition=~models.Q(state="draft") & ~models.Q(state__in=CLOSED_STATES),
                name="delegations_open_states",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization or _('Delegation')} #{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES


class Member(models.Model):
    """A person in the delegation. Passport number and date of birth are encrypted at rest."""

    # Member rows are deleted by the purge (statistics keep the counts).
    PERSONAL_DATA_FIELDS = (
        "full_name", "nationality", "passport_number", "date_of_birth", "role", "email",
    )  # fmt: skip
    NON_PERSONAL_FIELDS = ()

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    nationality = CountryField(_("nationality"))
    passport_number = EncryptedTextField(_("passport number"))
    date_of_birth = EncryptedDateField(_("date of birth"))
    role = models.CharField(_("role in the delegation"), max_length=120, blank=True)
    email = models.EmailField(_("email address"))
    needs_interpretation = models.BooleanField(_("needs interpretation"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def passport_number_masked(self) -> str:
        return mask(self.passport_number, keep=2)

    @property
    def date_of_birth_masked(self) -> str:
        return "••••-••-••" if self.date_of_birth else ""


def mask(value: str, *, keep: int) -> str:
    """Bullets for all but the last `keep` characters: enough to tell two records apart."""
    if not value:
        return ""
    return "•" * max(len(value) - keep, 4) + value[-keep:]


class Message(models.Model):
    """The thread between the applicant and the coordinators (questions, answers, files)."""

    PERSONAL_DATA_FIELDS = ("body", "attachment")
    NON_PERSONAL_FIELDS = ()

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_staff = models.BooleanField(_("from the center"), default=False)
    body = models.TextField(_("message"))
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_path, storage=private_storage, blank=True
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.pk}"


class InternalNote(models.Model):
    """Coordinators' notes on an application; never shown to the applicant."""

    PERSONAL_DATA_FIELDS = ("body",)
    NON_PERSONAL_FIELDS = ()

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("internal note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.pk}"


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined by the partner")


class Meeting(models.Model):
    """One meeting of the itinerary: a delegation meets a partner organization."""

    PERSONAL_DATA_FIELDS = ("interpreter",)
    NON_PERSONAL_FIELDS = ("place", "status")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("partner organization"),
        on_delete=models.PROTECT,
        related_name="delegation_meetings",
    )
    # Stored in UTC; entered and shown in Asia/Damascus (TIME_ZONE).
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="delegations_meeting_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["organization", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.starts_at:%Y-%m-%d %H:%M}"
