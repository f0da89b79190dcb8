import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.notifications.services import notification_send


def user_update_preferences(*, user: User, full_name: str, preferred_language: str) -> User:
    first, _space, last = full_name.strip().partition(" ")
    with transaction.atomic():
        user.first_name, user.last_name = first[:150], last.strip()[:150]
        user.preferred_language = preferred_language
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        audit_record(
            actor=user,
            action="user.preferences_updated",
            target=user,
            data={"preferred_language": preferred_language},
        )
    return user


def users_purge_unverified(*, older_than: timedelta | None = None) -> int:
    """Delete accounts whose email was never confirmed within the allowed time.

    Staff accounts and anyone who has ever signed in after confirming are kept.
    Idempotent: a second run finds nothing left to delete.
    """
    from allauth.account.models import EmailAddress

    age = older_than or timedelta(days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS)
    cutoff = timezone.now() - age
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(date_joined__lt=cutoff, is_staff=False).exclude(pk__in=verified)
    _total, deleted_by_model = stale.delete()
    return deleted_by_model.get(User._meta.label, 0)


def second_factor_reset(*, actor: User, user: User) -> int:
    """Remove a person's authenticator app and recovery codes (a lost or new phone).

    A staff member is sent to enrol again at their next sign-in, and a session already
    open within `staff_access.SECOND_FACTOR_RECHECK_SECONDS`. Returns how many
    authenticators were removed; resetting twice removes nothing the second time.
    """
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        removed, _by_model = Authenticator.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action="user.second_factor_reset",
            target=user,
            data={"authenticators_removed": removed},
        )
    return removed


def user_email_mark_verified(*, user: User) -> None:
    """Record the user's address as verified and primary in allauth, so sign-in does
    not stop at "confirm your email". For accounts made by whoever runs the server
    (`createsuperuser`, the demo people), who owns that address by definition."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        addresses = EmailAddress.objects.filter(user=user)
        addresses.exclude(email__iexact=user.email).update(primary=False)
        updated = addresses.filter(email__iexact=user.email).update(verified=True, primary=True)
        if not updated:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def account_email_send(*, message: EmailMessage, language: str, user: User | None) -> None:
    """allauth's messages go through the outbox like every other: a sign-up succeeds when
    the mail server is away, and the message leaves when it is back. The message is
    rendered now (its links carry this request's keys) and kept on the row until sent."""
    from diplomacy.accounts.notifications import ACCOUNT_EMAIL

    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    for address in message.to:
        notification_send(
            type_key=ACCOUNT_EMAIL,
            # Without an account (a reset asked for an unknown address): about the site.
            target=user if user is not None else Site.objects.get_current(),
            # Each message allauth sends is one event: asking twice sends twice.
            event=uuid.uuid4().hex,
            recipient=user,
            email=address,
            language=language,
            context={"subject": message.subject, "text": message.body, "html": html},
        )
