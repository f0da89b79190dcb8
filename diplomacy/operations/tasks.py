"""Celery tasks of operations."""

from celery import shared_task


@shared_task(ignore_result=True)
def beat_heartbeat() -> None:
    """Nothing to do: publishing it is the heartbeat (diplomacy/celery.py notes the time)."""
