"""The notification types of the notifications app itself: the newsletter."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

NEWSLETTER_CONFIRM = "notifications.newsletter_confirm"
NEWSLETTER_ISSUE = "notifications.newsletter_issue"
DELIVERY_FAILED = "notifications.delivery_failed"

NOTIFICATION_TYPES = (
    NotificationType(
        key=NEWSLETTER_CONFIRM,
        # Asked for by the person, and the only way to finish subscribing.
        essential=True,
        description=_("Confirm your newsletter subscription"),
    ),
    NotificationType(
        key=NEWSLETTER_ISSUE,
        essential=False,
        description=_("New publication (newsletter)"),
    ),
    NotificationType(
        key=DELIVERY_FAILED,
        essential=True,
        staff_inbox=True,
        # Only in the bell: a mail about mail that cannot be delivered may not arrive either.
        send_email=False,
        description=_("A message could not be delivered"),
    ),
)
