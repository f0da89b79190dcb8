"""Celery tasks of the programs app: thin, idempotent wrappers over services."""

from celery import shared_task

from programs import selectors, services


@shared_task
def send_due_reminders() -> int:
    """Beat: remind each confirmed participant once, a day before their session."""
    sent = 0
    for registration_id in selectors.registrations_due_for_reminder():
        sent += services.registration_remind(registration_id=registration_id)
    return sent


@shared_task
def send_reminder(registration_id: int) -> bool:
    return services.registration_remind(registration_id=registration_id)


@shared_task
def purge_registration_answers() -> int:
    """Beat: empty registration answers PROGRAMS_RETENTION_DAYS after the program ends."""
    return services.registrations_purge_answers()


# On the media queue, like every `*.tasks.render_*` (CELERY_TASK_ROUTES).
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def render_cover_renditions(program_id: int) -> bool:
    """The sizes of a program's cover that pages show (diplomacy/images.py)."""
    return services.program_cover_render(program_id=program_id)
