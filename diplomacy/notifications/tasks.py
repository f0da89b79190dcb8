"""Celery tasks of the notifications queue: thin, idempotent wrappers over services."""

from celery import shared_task

from diplomacy.notifications import services


@shared_task(acks_late=True)
def notification_deliver(notification_id: int) -> str | None:
    return services.notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def notifications_deliver_batch(notification_ids: list[int]) -> int:
    return services.notifications_deliver_batch(notification_ids=notification_ids)


@shared_task(acks_late=True)
def notifications_sweep(older_than_seconds: int | None = None) -> int:
    return services.notifications_sweep(older_than_seconds=older_than_seconds)


@shared_task(acks_late=True)
def newsletter_fan_out(announcement_id: int) -> int:
    return services.newsletter_fan_out_chunk(announcement_id=announcement_id)


@shared_task(acks_late=True)
def notifications_purge() -> int:
    """Daily: forget old delivery records and never-confirmed newsletter addresses."""
    return services.notifications_purge_old() + services.newsletter_purge_unconfirmed()
