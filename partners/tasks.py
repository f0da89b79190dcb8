"""Celery jobs of the partners app: thin wrappers over services, safe to run twice."""

from celery import shared_task

from partners.services import (
    agreement_reminders_send,
    follow_up_reminders_send,
    organization_import_preview_make,
    organization_logo_render,
)


# Routed to the media queue by CELERY_TASK_ROUTES ("*.tasks.render_*").
@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def render_logo(organization_id: int) -> bool:
    """The sizes of an organization's logo that pages show (diplomacy/images.py)."""
    return organization_logo_render(organization_id=organization_id)


@shared_task(acks_late=True)
def send_agreement_reminders() -> int:
    return agreement_reminders_send()


@shared_task(acks_late=True)
def send_follow_up_reminders() -> int:
    return follow_up_reminders_send()


@shared_task(acks_late=True)
def preview_organization_import(import_id: int) -> str:
    """Check an uploaded partner file row by row and look for duplicates (the uploader
    watches the progress); runs in the uploader's language."""
    return organization_import_preview_make(import_id=import_id)
