"""Celery tasks of publications: thin, idempotent wrappers over the services."""

from celery import shared_task

from publications import services


@shared_task(queue="media", autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def render_cover_renditions(publication_id: int) -> bool:
    return services.publication_cover_render(publication_id=publication_id)


@shared_task(queue="media", autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def render_image_renditions(image_id: int) -> bool:
    return services.publication_image_render(image_id=image_id)


@shared_task
def publish_scheduled_publications() -> int:
    return services.publications_publish_due()
