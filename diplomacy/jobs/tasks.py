from celery import shared_task

from diplomacy.jobs import services


@shared_task(acks_late=True)
def jobs_relay() -> int:
    """Every minute (beat): hand over again the jobs the broker never got or lost."""
    return services.jobs_relay()
