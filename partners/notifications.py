from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

AGREEMENT_EXPIRING = NotificationType(
    key="partners.agreement_expiring",
    essential=True,
    staff_inbox=True,
    description=_("A partner agreement is about to expire"),
)
FOLLOW_UP_DUE = NotificationType(
    key="partners.follow_up_due",
    essential=True,
    staff_inbox=True,
    description=_("A follow-up with a partner is due"),
)

NOTIFICATION_TYPES = (AGREEMENT_EXPIRING, FOLLOW_UP_DUE)
