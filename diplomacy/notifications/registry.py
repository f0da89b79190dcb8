"""The notification types every app declares once, listed in its `portal.py`.

    # partners/notifications.py
    AGREEMENT_EXPIRING = NotificationType(key="partners.agreement_expiring", essential=True,
                                          description=_("A partner agreement is about to expire"))
    NOTIFICATION_TYPES = (AGREEMENT_EXPIRING, ...)
    # partners/portal.py: AppContribution(notification_types=NOTIFICATION_TYPES, ...)

Each type has templates under templates/notifications/<key>/: subject.txt, body.txt and
body.html (the HTML extends "email/base.html"). The declarations are registered when
Django starts (NotificationsConfig.ready, diplomacy/plugins.py), so every type is known
before the first message is sent.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationType:
    key: str
    # Essential messages (your application was approved) cannot be unsubscribed from
    # and carry no List-Unsubscribe header; the others carry a one-click link.
    essential: bool = False
    # Also listed in the recipient's in-portal bell when the recipient is staff.
    staff_inbox: bool = False
    description: str | Promise = ""
    # Some staff notices only belong in the bell, not in anyone's mailbox.
    send_email: bool = True
    # Files to attach, built when the message is sent, in the recipient's language:
    # a function of the notification row returning (filename, content, MIME type) tuples.
    attachments: Callable[[Any], list[tuple[str, bytes, str]]] | None = None

    def template_name(self, part: str) -> str:
        return f"notifications/{self.key}/{part}"


_types: dict[str, NotificationType] = {}


def register(notification_type: NotificationType) -> NotificationType:
    """Declare a type; declaring the same key twice with a different meaning is an error."""
    existing = _types.get(notification_type.key)
    if existing is not None and existing != notification_type:
        raise ImproperlyConfigured(
            f"Notification type {notification_type.key!r} is registered twice differently."
        )
    _types[notification_type.key] = notification_type
    return notification_type


def get_type(key: str) -> NotificationType:
    try:
        return _types[key]
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown notification type {key!r}: register it in <app>/notifications.py."
        ) from None


def all_types() -> list[NotificationType]:
    return sorted(_types.values(), key=lambda notification_type: notification_type.key)
