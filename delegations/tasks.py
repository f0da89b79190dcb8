from celery import shared_task

from delegations.models import Application
from delegations.services import (
    application_purge_personal_data,
    applications_purge_expired,
    applications_purge_stalled,
    applications_warn_stalled,
)


@shared_task(acks_late=True)
def purge_expired_personal_data() -> int:
    """Beat: members' personal data is kept DELEGATIONS_RETENTION_DAYS after an
    application closes, then deleted (anonymous statistics stay)."""
    return applications_purge_expired()


@shared_task(acks_late=True)
def purge_application_personal_data(application_id: int) -> bool:
    """Purge one application at once (the applicant asked for deletion). Safe to rerun."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return False
    return application_purge_personal_data(application=application)


@shared_task(acks_late=True)
def warn_and_purge_stalled_applications() -> dict[str, int]:
    """Beat: warn applicants of idle drafts and unanswered requests, then purge those
    warned long enough ago. Both steps are safe to rerun."""
    return {"warned": applications_warn_stalled(), **applications_purge_stalled()}
