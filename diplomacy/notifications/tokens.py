"""Signed links that act without signing in: unsubscribe, confirm, manage a subscription.

Each token is an HMAC (django.core.signing, keyed by SECRET_KEY) over the address it
acts on, with its own salt, so a token cannot be forged, altered to name another
address, or reused for another purpose.
"""

from dataclasses import dataclass

from django.core import signing

UNSUBSCRIBE_SALT = "diplomacy.notifications.unsubscribe"
CONFIRM_SALT = "diplomacy.notifications.newsletter-confirm"
MANAGE_SALT = "diplomacy.notifications.newsletter-manage"
CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 7


@dataclass(frozen=True)
class UnsubscribeRequest:
    email: str
    type_key: str


def unsubscribe_token_make(*, email: str, type_key: str) -> str:
    return signing.dumps({"e": email.lower(), "t": type_key}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> UnsubscribeRequest | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return UnsubscribeRequest(email=str(payload["e"]), type_key=str(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError):
        return None


def confirm_token_make(*, subscriber_id: int, email: str) -> str:
    return signing.dumps({"s": subscriber_id, "e": email.lower()}, salt=CONFIRM_SALT)


def confirm_token_read(token: str) -> tuple[int, str] | None:
    """(subscriber id, address) of a confirmation link less than a week old."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRMATION_MAX_AGE)
        return int(payload["s"]), str(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def manage_token_make(*, email: str) -> str:
    return signing.dumps({"e": email.lower()}, salt=MANAGE_SALT)


def manage_token_read(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=MANAGE_SALT)["e"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
