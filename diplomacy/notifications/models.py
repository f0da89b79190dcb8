from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one person: an outbox row written in the transaction of the change
    that causes it, delivered after commit by a Celery task (or later by the sweep)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped (unsubscribed)")

    type_key = models.CharField(_("type"), max_length=100, db_index=True)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("about (type)")
    )
    target_object_id = models.CharField(_("about (id)"), max_length=64)
    target = GenericForeignKey("target_content_type", "target_object_id")
    event = models.CharField(_("event"), max_length=100, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # sha256 of (type, target, recipient or address, event): the same event never
    # produces two messages, whoever calls and however often.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # What was sent, rendered in the recipient's language on the first attempt.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text"), blank=True)

    in_inbox = models.BooleanField(_("in the staff inbox"), default=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # What the sweep looks for every two minutes, however big the table grows.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="notification_waiting_due",
            ),
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(in_inbox=True),
                name="notification_inbox",
            ),
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.type_key} → {self.email}"


class Unsubscription(models.Model):
    """An address that asked not to receive one non-essential type any more."""

    email = models.EmailField(_("email address"))
    type_key = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "type_key"], name="unsubscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} × {self.type_key}"


class Subscriber(models.Model):
    """A newsletter subscriber: new publications in one language, optionally in some
    sectors only. Receives nothing until the address is confirmed (double opt-in)."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    sectors = models.ManyToManyField(
        "taxonomy.Sector",
        blank=True,
        related_name="subscribers",
        verbose_name=_("sectors"),
        help_text=_("None selected: every sector."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["language", "id"],
                condition=models.Q(confirmed_at__isnull=False),
                name="subscriber_confirmed",
            )
        ]

    def __str__(self) -> str:
        return self.email


class NewsletterAnnouncement(models.Model):
    """A language version of a publication announced to subscribers: at most one per
    (target, language); fanned out to subscribers in chunks."""

    target_content_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE
    )
    target_object_id = models.CharField(_("about (id)"), max_length=64)
    target = GenericForeignKey("target_content_type", "target_object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    sector_ids = models.JSONField(_("sectors"), default=list, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Subscribers with an id above this one have not been given an outbox row yet.
    fan_out_cursor = models.BigIntegerField(_("sent up to subscriber number"), default=0)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    fanned_out_at = models.DateTimeField(_("fanned out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter announcement")
        verbose_name_plural = _("newsletter announcements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_content_type", "target_object_id", "language"],
                name="announcement_once_per_language",
            )
        ]

    def __str__(self) -> str:
        return self.title
