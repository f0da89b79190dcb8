"""A task that carried out a recorded job forgets the job (or keeps it as failed)."""

from typing import Any

from celery import Task, signals

from diplomacy.jobs.services import JOB_HEADER, job_done, job_failed


def _job_id_of(task: Task) -> int | None:
    request = getattr(task, "request", None)
    if request is None:
        return None
    headers = getattr(request, "headers", None) or {}
    return getattr(request, JOB_HEADER, None) or headers.get(JOB_HEADER)


@signals.task_success.connect
def forget_finished_job(sender: Any = None, **kwargs: Any) -> None:
    job_id = _job_id_of(sender)
    if job_id is not None:
        job_done(job_id=job_id)


@signals.task_failure.connect
def keep_failed_job(
    sender: Any = None, exception: BaseException | None = None, **kwargs: Any
) -> None:
    job_id = _job_id_of(sender)
    if job_id is not None:
        job_failed(job_id=job_id, error=f"{type(exception).__name__}: {exception}")
