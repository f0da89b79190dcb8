"""Operations on failed jobs: record a task that failed for good, retry any failed job."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.notifications.models import Notification
from diplomacy.notifications.services import notification_retry
from diplomacy.operations.models import FailedTask
from diplomacy.operations.selectors import FailedJob
from diplomacy.translation.models import TranslationJob
from diplomacy.translation.services import job_retry

# Tasks whose failures their own rows record (notifications, translation jobs).
TASKS_WITH_THEIR_OWN_FAILED_STATE = ("diplomacy.notifications.", "diplomacy.translation.")


def failed_task_record(
    *, task_id: str, task_name: str, arguments: list, keyword_arguments: dict, error: str
) -> FailedTask | None:
    """Keep a task that failed for good. Once per task id, whoever reports it."""
    if task_name.startswith(TASKS_WITH_THEIR_OWN_FAILED_STATE):
        return None
    try:
        with transaction.atomic():
            return FailedTask.objects.create(
                task_id=task_id,
                task_name=task_name,
                arguments=list(arguments),
                keyword_arguments=dict(keyword_arguments),
                error=error[:4000],
            )
    except IntegrityError:
        return FailedTask.objects.filter(task_id=task_id).first()


def failed_task_retry(*, failed_task: FailedTask, actor: User) -> FailedTask:
    """Send the task again with its arguments (tasks are idempotent); once per failure."""
    from diplomacy.celery import app

    with transaction.atomic():
        failed_task = FailedTask.objects.select_for_update().get(pk=failed_task.pk)
        if failed_task.retried_at is not None:
            return failed_task
        failed_task.retried_at = timezone.now()
        failed_task.retried_by = actor
        failed_task.save(update_fields=["retried_at", "retried_by"])
        audit_record(actor=actor, action="operations.failed_task_retried", target=failed_task)
        job = app.signature(
            failed_task.task_name,
            args=failed_task.arguments,
            kwargs=failed_task.keyword_arguments,
        )
        transaction.on_commit(job.apply_async)
    return failed_task


def failed_job_retry(*, job: FailedJob, actor: User) -> FailedJob:
    """Retry a failed notification, translation job or other task, each its own way."""
    if isinstance(job, Notification):
        return notification_retry(notification=job, actor=actor)
    if isinstance(job, TranslationJob):
        return job_retry(job=job, actor=actor)
    return failed_task_retry(failed_task=job, actor=actor)
