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


@shared_task
def refresh_related_publications_around(
    publication_id: int, former_sector_ids: list[int], former_tag_ids: list[int]
) -> int:
    return services.publications_related_refresh_around(
        publication_id=publication_id,
        former_sector_ids=former_sector_ids,
        former_tag_ids=former_tag_ids,
    )


@shared_task
def backfill_related_publications() -> int:
    """One batch of the backfill; schedules the next while rows are left."""
    done = services.publications_related_backfill_batch()
    if done:
        from diplomacy.jobs.services import enqueue_on_commit

        enqueue_on_commit(backfill_related_publications)
    return done
