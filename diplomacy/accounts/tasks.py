from celery import shared_task

from diplomacy.accounts.services import users_purge_unverified


@shared_task(acks_late=True)
def purge_unverified_accounts() -> int:
    """Delete sign-ups never confirmed: personal data we have no reason to keep."""
    return users_purge_unverified()
