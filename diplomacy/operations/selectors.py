"""Reads of the failed jobs page: every kind of job that failed, newest first."""

from collections.abc import Callable
from typing import TypedDict

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.models import User
from diplomacy.notifications.models import Notification
from diplomacy.notifications.registry import get_type
from diplomacy.operations.models import FailedTask
from diplomacy.translation.models import TranslationJob

RETRY_PERMISSION = "operations.retry_failed_jobs"
# At most this many of each kind on the page: more mean something is broken for all.
SHOWN_PER_KIND = 200

# What a task is, in words (the failed jobs page shows no code names).
TASK_LABELS = {
    "publications.tasks.render_cover_renditions": _("Image sizes of a publication's cover"),
    "publications.tasks.render_image_renditions": _("Image sizes of an image in a text"),
    "programs.tasks.render_cover_renditions": _("Image sizes of a program's cover"),
    "partners.tasks.render_logo": _("Image sizes of a partner's logo"),
}


def _notification_label(type_key: str) -> str:
    try:
        return str(get_type(type_key).description)
    except ImproperlyConfigured:  # a type since removed from the code
        return ""


def user_can_retry_failed_jobs(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(RETRY_PERMISSION))


class FailedJobsOverview(TypedDict):
    """What the failed jobs page lists: emails and other jobs with what they are in words."""

    notifications: list[tuple[str, Notification]]
    translations: list[TranslationJob]
    tasks: list[tuple[str, FailedTask]]


def failed_jobs_overview() -> FailedJobsOverview:
    tasks = FailedTask.objects.filter(retried_at__isnull=True)[:SHOWN_PER_KIND]
    notifications = (
        Notification.objects.filter(status=Notification.Status.FAILED)
        .only("pk", "type_key", "email", "language", "attempts", "last_error", "created_at")
        .order_by("-created_at")[:SHOWN_PER_KIND]
    )
    return {
        "notifications": [
            (_notification_label(notification.type_key), notification)
            for notification in notifications
        ],
        "translations": list(
            TranslationJob.objects.filter(state=TranslationJob.State.FAILED)
            .select_related("content_type")
            .order_by("-updated_at")[:SHOWN_PER_KIND]
        ),
        "tasks": [
            (str(TASK_LABELS.get(task.task_name, _("Another background job"))), task)
            for task in tasks
        ],
    }


# A job that failed for good, of any kind.
FailedJob = Notification | TranslationJob | FailedTask

FAILED_JOB_KINDS: dict[str, Callable[[int], FailedJob]] = {
    "notification": lambda pk: Notification.objects.get(pk=pk, status=Notification.Status.FAILED),
    "translation": lambda pk: TranslationJob.objects.get(pk=pk, state=TranslationJob.State.FAILED),
    "task": lambda pk: FailedTask.objects.get(pk=pk, retried_at__isnull=True),
}


def failed_job_get_for_user(*, user: User, kind: str, pk: int) -> FailedJob:
    """One failed job that `user` may retry; 404 when it is not (or no longer) failed."""
    if not user_can_retry_failed_jobs(user):
        raise PermissionDenied
    try:
        return FAILED_JOB_KINDS[kind](pk)
    except (KeyError, Notification.DoesNotExist, TranslationJob.DoesNotExist,
            FailedTask.DoesNotExist):  # fmt: skip
        raise Http404 from None
