"""Celery tasks of the translation pipeline (routed to the `translation` queue)."""

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.utils import timezone

from diplomacy.translation.engines import EngineError
from diplomacy.translation.models import TranslationJob
from diplomacy.translation.services import job_enqueue, job_fail, job_prefill

logger = logging.getLogger(__name__)


def retry_delay(retries: int) -> int:
    """Exponential backoff: base, 2×base, 4×base… (5 retries at 30 s ≈ 15 minutes in all,
    far below the broker's visibility timeout)."""
    return int(getattr(settings, "TRANSLATION_RETRY_BACKOFF", 30)) * 2**retries


@shared_task(bind=True, acks_late=True, max_retries=None)
def prefill_translation_job(self: Task, job_id: int) -> None:
    """Pre-fill a queued job. Idempotent: a job no longer queued is left alone."""
    max_retries = int(getattr(settings, "TRANSLATION_MAX_RETRIES", 5))
    retries = self.request.retries
    while True:
        try:
            job_prefill(job_id=job_id)
            return
        except EngineError as error:
            if not error.retryable or retries >= max_retries:
                job_fail(job_id=job_id, reason=str(error))
                return
            logger.warning("translation job %s: %s (retry %s)", job_id, error, retries + 1)
            if not self.request.is_eager:
                raise self.retry(exc=error, countdown=retry_delay(retries)) from error
            # Run eagerly (make run without Redis, unit tests): retry in place.
            retries += 1


@shared_task
def requeue_stale_translation_jobs() -> int:
    """Queued jobs whose message was lost (broker restarted between commit and publish)
    are sent again; the task ignores jobs that are not queued, so duplicates are harmless."""
    backoff_total = sum(
        retry_delay(retry) for retry in range(int(getattr(settings, "TRANSLATION_MAX_RETRIES", 5)))
    )
    cutoff = timezone.now() - timedelta(seconds=backoff_total + 15 * 60)
    stale = list(
        TranslationJob.objects.filter(state=TranslationJob.State.QUEUED, updated_at__lt=cutoff)[
            :500
        ]
    )
    for job in stale:
        job_enqueue(job=job)
    return len(stale)
