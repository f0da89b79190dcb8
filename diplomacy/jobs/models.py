from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A background job, recorded in the transaction of the change that asked for it.

    It is handed to the broker after commit; the relay (beat) hands it again while it has
    not run, so a job survives a broker that is down at commit or loses its queue. The row
    is deleted once the task has run; a task that failed for good keeps its row, with the
    error, for staff to see."""

    task_name = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Last time it was handed to the broker (empty: never, the broker was away).
    published_at = models.DateTimeField(_("handed to the broker at"), null=True, blank=True)
    publish_count = models.PositiveIntegerField(_("times handed to the broker"), default=0)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["created_at", "pk"]
        indexes = [
            # What the relay looks for, however many failed jobs are kept.
            models.Index(
                fields=["published_at"],
                condition=models.Q(failed_at__isnull=True),
                name="job_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.arguments)}"
