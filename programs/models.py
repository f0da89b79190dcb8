"""Programs (exchange, educational, solidarity…), their sessions, and registrations.

A *session* is one event of a program (a seminar, a workshop, an online meeting…); in
code it is `Event`, to keep it apart from Django's own sessions. People register for an
event; an event marked `covers_whole_program` stands for taking part in the whole
program.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diplomacy.images import COVER_SIZES, RenderedImage
from diplomacy.revisions.registry import register_revised
from diplomacy.richtext import sanitize_html

# The zones the center works in, each with the name visitors read next to a time.
TIME_ZONE_CHOICES = [
    ("Asia/Damascus", _("Qamishlo and Damascus time")),
    ("Europe/Brussels", _("Brussels time")),
    ("Europe/Berlin", _("Berlin time")),
    ("Europe/Paris", _("Paris time")),
    ("Europe/London", _("London time")),
    ("Europe/Istanbul", _("Istanbul time")),
    ("Asia/Baghdad", _("Baghdad and Erbil time")),
    ("America/New_York", _("New York time")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]
TIME_ZONE_LABELS = dict(TIME_ZONE_CHOICES)

SESSION_LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("ku", _("Kurdish")),
    ("syc", _("Syriac")),
    ("fr", _("French")),
    ("de", _("German")),
]
SESSION_LANGUAGE_LABELS = dict(SESSION_LANGUAGE_CHOICES)


class ProgramQuerySet(models.QuerySet):
    def public(self) -> "ProgramQuerySet":
        return self.filter(is_published=True)


class Program(models.Model):
    NON_PERSONAL_FIELDS = (
        "slug", "title", "summary", "description", "kind", "state", "cover_image", "cover_alt",
        "cover_renditions", "cover_renditions_of",
    )  # fmt: skip
    PERSONAL_DATA_FIELDS = ()

    class Kind(models.TextChoices):
        KNOWLEDGE_EXCHANGE = "knowledge-exchange", _("Knowledge exchange")
        EDUCATIONAL = "educational", _("Educational")
        SOLIDARITY = "solidarity", _("Solidarity")
        RESEARCH = "research", _("Research")
        CULTURAL = "cultural", _("Cultural")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for registration")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Rich text; unsafe markup is removed.")
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PLANNED
    )
    sectors = models.ManyToManyField(
        "taxonomy.Sector", verbose_name=_("sectors"), blank=True, related_name="programs"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="programs/covers/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text=_("JPEG, PNG or WebP; its metadata (camera, GPS position) is removed."),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # What pages show of the cover, written by the media worker (diplomacy/images.py):
    # [{"width": 480, "height": 270, "format": "webp", "name": "programs/renditions/…"}]
    # for the image named in `cover_renditions_of`.
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    cover_renditions_of = models.CharField(max_length=255, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    related_publications = models.ManyToManyField(
        "publications.Publication",
        verbose_name=_("related publications"),
        blank=True,
        related_name="programs",
        help_text=_("For example the report of the program."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="programs_program_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["is_published", "ends_on"])]

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs) -> None:
        for field in ("description_ar", "description_en"):
            setattr(self, field, sanitize_html(getattr(self, field) or ""))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    @property
    def accepts_registrations(self) -> bool:
        return self.state in (self.State.OPEN, self.State.RUNNING)


PROGRAM_COVER = RenderedImage(
    "programs.Program", "cover_image", COVER_SIZES, "programs/renditions/{instance.pk}", "cover_"
)

register_revised(
    Program,
    translated=("title", "summary", "description", "cover_alt"),
    plain=("kind", "starts_on", "ends_on"),
)


class ProgramPartner(models.Model):
    """A partner organization's part in a program."""

    PERSONAL_DATA_FIELDS = ()
    NON_PERSONAL_FIELDS = ("role",)

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CO_ORGANIZER = "co-organizer", _("Co-organizer")
        FUNDER = "funder", _("Funder")
        PARTICIPANT = "participant", _("Participant organization")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("program")
    )
    organization = models.ForeignKey(
        "partners.Organization",
        on_delete=models.PROTECT,
        related_name="program_partnerships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization", "role"], name="programs_partner_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class EventQuerySet(models.QuerySet):
    def public(self) -> "EventQuerySet":
        return self.filter(program__is_published=True)

    def with_counts(self) -> "EventQuerySet":
        """Annotate `confirmed_count` (places taken) and `waiting_count`."""
        return self.annotate(
            confirmed_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=models.Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )


class Event(models.Model):
    """A session of a program: a seminar, conference, lecture, workshop, visit or meeting."""

    PERSONAL_DATA_FIELDS = ()
    NON_PERSONAL_FIELDS = (
        "kind", "title", "description", "time_zone", "place", "online_url", "languages",
    )  # fmt: skip

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        CONFERENCE = "conference", _("Conference")
        LECTURE = "lecture", _("Lecture")
        WORKSHOP = "workshop", _("Workshop")
        VISIT = "visit", _("Visit")
        ONLINE_MEETING = "online-meeting", _("Online meeting")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="events", verbose_name=_("program")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    covers_whole_program = models.BooleanField(
        _("registration for the whole program"),
        default=False,
        help_text=_("Registering for this session means taking part in the whole program."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Asia/Damascus",
        help_text=_("Times are entered and shown in this zone."),
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Shown to everyone.")
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to confirmed participants."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Languages spoken in the session.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Staff confirm each registration instead of automatic confirmation."),
    )
    accepts_registrations = models.BooleanField(_("takes registrations"), default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="programs_event_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.program} · {self.starts_at:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end is before the start.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at < self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration closes before it opens.")}
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def time_zone_label(self) -> str:
        return str(TIME_ZONE_LABELS.get(self.time_zone, self.time_zone))

    @property
    def local_starts_at(self) -> datetime:
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self) -> datetime:
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def utc_offset(self) -> str:
        """The zone's offset at the start, e.g. "UTC+03:00"."""
        offset = self.local_starts_at.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    @property
    def language_labels(self) -> list[str]:
        return [str(SESSION_LANGUAGE_LABELS.get(code, code)) for code in self.languages or []]

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE_MEETING or (bool(self.online_url) and not self.place)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def registration_window_open(self, *, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        closes = self.registration_closes_at or self.starts_at
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < closes

    @property
    def registration_opens_later(self) -> bool:
        return bool(self.registration_opens_at and timezone.now() < self.registration_opens_at)

    def is_open_for_registration(self, *, now: datetime | None = None) -> bool:
        return (
            self.accepts_registrations
            and self.program.accepts_registrations
            and self.registration_window_open(now=now)
        )

    @property
    def remaining_places(self) -> int | None:
        """Needs `with_counts()`; None when the session has no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "confirmed_count", 0), 0)


class RegistrationQuestion(models.Model):
    """A question staff ask everyone registering for a program's sessions."""

    PERSONAL_DATA_FIELDS = ()
    NON_PERSONAL_FIELDS = ("text", "kind", "choices")

    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes-no", _("Yes or no")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="questions", verbose_name=_("program")
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice question: one choice per line.")
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]


class Registration(models.Model):
    # Answers are emptied PROGRAMS_RETENTION_DAYS after the program ends.
    PERSONAL_DATA_FIELDS = ("answers",)
    NON_PERSONAL_FIELDS = ("status",)

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per person and session; after cancelling one may
            # register again.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["pending", "confirmed", "waiting"]),
                name="programs_registration_one_active",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class EventMessage(models.Model):
    """A message staff send to every confirmed participant of a session."""

    # Written by staff to every participant alike: nothing about one person.
    PERSONAL_DATA_FIELDS = ()
    NON_PERSONAL_FIELDS = ("subject", "body")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("session")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.subject
