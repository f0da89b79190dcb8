"""A task that fails for good is kept for the failed jobs page (diplomacy/operations)."""

from celery.signals import task_failure


@task_failure.connect
def failed_task_keep(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    from diplomacy.operations.services import failed_task_record

    failed_task_record(
        task_id=task_id or "",
        task_name=getattr(sender, "name", "") or "",
        arguments=list(args or []),
        keyword_arguments=dict(kwargs or {}),
        error=f"{type(exception).__name__}: {exception}",
    )
