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


def structured_logs_connect() -> None:
    """The request id into the messages, and a line per task (diplomacy/operations/structured_logs.py)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    from diplomacy.operations.structured_logs import (
        request_id_stamp,
        task_context_bind,
        task_headers_add,
        task_line_write,
    )

    request_id_stamp()
    before_task_publish.connect(task_headers_add, weak=False)
    task_prerun.connect(task_context_bind, weak=False)
    task_postrun.connect(task_line_write, weak=False)
