"""Background jobs: one policy for every task the portal schedules.

    from diplomacy.jobs.services import enqueue_on_commit
    enqueue_on_commit(render_logo, organization.pk)

- The job is recorded in the caller's transaction: a `Job` row, or, for work that a sweep
  of its own already finds (`swept=True`: notification outbox rows, queued translation
  jobs), nothing more.
- After commit it is handed to the broker once, with short timeouts and no retries: a
  request never waits seconds for a Redis that is away. After a failure the broker is not
  tried again by this process for JOBS_BROKER_PAUSE_SECONDS.
- The relay (beat, `jobs_relay`) hands over again every job still waiting: never handed
  over, or handed over long ago and still not run (a broker that lost its queue).
Tasks are idempotent, so a job handed over twice does no harm.
"""

import logging
import time
from datetime import timedelta
from functools import partial
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError

from diplomacy.jobs.models import Job

logger = logging.getLogger(__name__)

# The message header that names the Job row a task message carries out.
JOB_HEADER = "portal_job_id"
RELAY_LIMIT = 1000

_broker_paused_until = 0.0


def broker_publish(
    task: Task, args: list[Any], *, countdown: float | None = None, job_id: int | None = None
) -> bool:
    """Hand one message to the broker now. False (logged) when the broker is away: the
    caller's durable record stays for the relay or the sweep."""
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        return False
    if countdown and task.app.conf.task_always_eager:
        # Run in-process (make run, unit tests), a task cannot wait: a retry would run
        # at once, again and again. The record waits for the relay or the sweep instead.
        return False
    headers = {JOB_HEADER: job_id} if job_id is not None else None
    try:
        task.apply_async(args=args, countdown=countdown, retry=False, headers=headers)
    except (KombuError, OSError) as error:
        _broker_paused_until = time.monotonic() + settings.JOBS_BROKER_PAUSE_SECONDS
        logger.warning("Broker unavailable (%s): %s waits for the relay", error, task.name)
        return False
    return True


def enqueue_on_commit(
    task: Task, *args: Any, countdown: float | None = None, swept: bool = False
) -> Job | None:
    """Run `task(*args)` in a worker once the current transaction has committed.

    `swept=True` says the work is already recorded and found again by a sweep of its
    own; otherwise a Job row records it here. Returns that row."""
    arguments = list(args)
    if swept:
        transaction.on_commit(partial(broker_publish, task, arguments, countdown=countdown))
        return None
    job = Job.objects.create(task_name=task.name, arguments=arguments)
    transaction.on_commit(partial(_job_hand_over, job.pk, task, arguments, countdown))
    return job


def _job_hand_over(job_id: int, task: Task, args: list[Any], countdown: float | None) -> None:
    if broker_publish(task, args, countdown=countdown, job_id=job_id):
        # Eager tasks (make run, unit tests) have already run and deleted the row.
        Job.objects.filter(pk=job_id).update(published_at=timezone.now())


def jobs_relay(*, redeliver_after_seconds: int | None = None) -> int:
    """Hand over again the jobs still waiting; returns how many were handed over."""
    from diplomacy.celery import app

    redeliver_after = (
        settings.JOBS_REDELIVER_AFTER_SECONDS
        if redeliver_after_seconds is None
        else redeliver_after_seconds
    )
    now = timezone.now()
    # A job just committed is being handed over by its own process right now.
    never_handed_over = Q(
        published_at__isnull=True,
        created_at__lt=now - timedelta(seconds=settings.JOBS_RELAY_GRACE_SECONDS),
    )
    not_run_since = Q(published_at__lt=now - timedelta(seconds=redeliver_after))
    waiting = Job.objects.filter(never_handed_over | not_run_since, failed_at__isnull=True)
    relayed = 0
    for job in waiting.order_by("pk")[:RELAY_LIMIT]:
        task = app.tasks.get(job.task_name)
        if task is None:
            job_failed(job_id=job.pk, error=f"Unknown task {job.task_name}")
            continue
        if not broker_publish(task, job.arguments, job_id=job.pk):
            break
        Job.objects.filter(pk=job.pk).update(
            published_at=timezone.now(), publish_count=job.publish_count + 1
        )
        relayed += 1
    return relayed


def job_done(*, job_id: int) -> None:
    Job.objects.filter(pk=job_id).delete()


def job_failed(*, job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(failed_at=timezone.now(), last_error=error[:2000])
