"""Signed links that act without signing in: unsubscribe, confirm, manage a subscription.

Each token is an HMAC (django.core.signing, keyed by SECRET_KEY) with its own salt, so it
cannot be forged, altered or reused for another purpose. It signs an id and a version of
what it points at, never the address (the payload of a signed value is only base64, so an
address in it would be readable in the URL). Tokens expire (settings
NOTIFICATIONS_*_LINK_MAX_AGE_DAYS) and go stale when what they name changes: a cancelled
subscription is deleted, and subscribing again makes a new one with a new id and version.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

UNSUBSCRIBE_SALT = "diplomacy.notifications.unsubscribe.v2"
CONFIRM_SALT = "diplomacy.notifications.newsletter-confirm.v2"
MANAGE_SALT = "diplomacy.notifications.newsletter-manage.v2"
CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class SignedLink:
    """What a token says, once its signature is checked. `expired`: authentic but older
    than its maximum age (the page offers a fresh link instead of acting on it)."""

    payload: dict
    expired: bool = False


def signed_link_read(token: str, *, salt: str, max_age: timedelta | int) -> SignedLink | None:
    """None when the token is not ours (forged, altered, truncated)."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
        expired = False
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=salt)
        expired = True
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    return SignedLink(payload=payload, expired=expired)


def subscriber_version(subscriber) -> int:
    # The id alone could in theory be reused after a database restore; the creation
    # time makes a re-subscription a different subscription.
    return int(subscriber.created_at.timestamp())


def manage_link_max_age() -> timedelta:
    return timedelta(days=settings.NOTIFICATIONS_MANAGE_LINK_MAX_AGE_DAYS)


def unsubscribe_link_max_age() -> timedelta:
    return timedelta(days=settings.NOTIFICATIONS_UNSUBSCRIBE_LINK_MAX_AGE_DAYS)


def unsubscribe_token_make(
    *, type_key: str, subscriber=None, user_id: int | None = None,
    notification_id: int | None = None,
) -> str:  # fmt: skip
    """For a newsletter subscriber, a signed-in person, or else the outbox row itself."""
    payload: dict = {"t": type_key}
    if subscriber is not None:
        payload.update(s=subscriber.pk, v=subscriber_version(subscriber))
    elif user_id is not None:
        payload["u"] = user_id
    else:
        payload["n"] = notification_id
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> SignedLink | None:
    link = signed_link_read(token, salt=UNSUBSCRIBE_SALT, max_age=unsubscribe_link_max_age())
    if link is None or not isinstance(link.payload.get("t"), str):
        return None
    return link


def confirm_token_make(*, subscriber) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "v": subscriber_version(subscriber)}, salt=CONFIRM_SALT
    )


def confirm_token_read(token: str) -> SignedLink | None:
    return signed_link_read(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE)


def manage_token_make(*, subscriber) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "v": subscriber_version(subscriber)}, salt=MANAGE_SALT
    )


def manage_token_read(token: str) -> SignedLink | None:
    return signed_link_read(token, salt=MANAGE_SALT, max_age=manage_link_max_age())


def subscriber_for(link: SignedLink):
    """The subscription the link was made for, or None if it is gone or was replaced."""
    from diplomacy.notifications.models import Subscriber

    subscriber = Subscriber.objects.filter(pk=link.payload.get("s")).first()
    if subscriber is None or subscriber_version(subscriber) != link.payload.get("v"):
        return None
    return subscriber
