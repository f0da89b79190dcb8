from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    """A background job that failed for good (its own retries used up): image renditions
    and every other task without a failed state of its own. Notifications and
    translation jobs keep theirs; the failed jobs page shows all three."""

    task_id = models.CharField(_("job id"), max_length=64, unique=True)
    task_name = models.CharField(_("job"), max_length=200)
    # Tasks take ids, never personal data: these are safe to keep and to show.
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    keyword_arguments = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retried by"),
    )

    class Meta:
        verbose_name = _("failed job")
        verbose_name_plural = _("failed jobs")
        ordering = ["-failed_at", "-pk"]
        permissions = [("retry_failed_jobs", _("Can see and retry failed jobs"))]
        indexes = [
            models.Index(
                fields=["-failed_at"],
                condition=models.Q(retried_at__isnull=True),
                name="failedtask_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id}"
