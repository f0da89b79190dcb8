"""The accounts' notification type: allauth's messages (address confirmation, password
reset…), rendered by allauth in the recipient's language and delivered by the outbox."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

ACCOUNT_EMAIL = "accounts.account_email"

NOTIFICATION_TYPES = (
    NotificationType(
        key=ACCOUNT_EMAIL,
        # Asked for by the person (a sign-up, a forgotten password): cannot be refused.
        essential=True,
        description=_("Account message (address confirmation, password reset)"),
    ),
)
