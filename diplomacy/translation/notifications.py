"""Notification types of the translation pipeline, sent to translators."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

NOTIFICATION_TYPES = (
    NotificationType(
        key="translation.job_ready",
        essential=True,
        staff_inbox=True,
        description=_("A translation draft is ready for review"),
    ),
    NotificationType(
        key="translation.job_failed",
        essential=True,
        staff_inbox=True,
        description=_("A translation job failed"),
    ),
)
