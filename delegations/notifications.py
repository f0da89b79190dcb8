"""The messages the delegations workflow sends (templates in templates/notifications/<key>/)."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

APPLICATION_SUBMITTED = NotificationType(
    key="delegations.application_submitted",
    essential=True,
    description=_("Confirmation that your delegation application was received"),
)
APPLICATION_RECEIVED = NotificationType(
    key="delegations.application_received",
    essential=True,
    staff_inbox=True,
    description=_("A delegation application awaits review"),
)
APPLICATION_STATE_CHANGED = NotificationType(
    key="delegations.application_state_changed",
    essential=True,
    staff_inbox=True,
    description=_("The state of a delegation application changed"),
)
MESSAGE_RECEIVED = NotificationType(
    key="delegations.message_received",
    essential=True,
    staff_inbox=True,
    description=_("A new message about a delegation application"),
)
APPLICATION_ASSIGNED = NotificationType(
    key="delegations.application_assigned",
    essential=True,
    staff_inbox=True,
    description=_("A delegation application was assigned to you"),
)
PERSONAL_DATA_REVEALS = NotificationType(
    key="delegations.personal_data_reveals",
    essential=True,
    staff_inbox=True,
    description=_("Someone opened passport data unusually often"),
)
APPLICATION_STALLED = NotificationType(
    key="delegations.application_stalled",
    essential=True,
    description=_("Warning that an unfinished delegation application will be deleted"),
)

NOTIFICATION_TYPES = (
    APPLICATION_SUBMITTED,
    APPLICATION_RECEIVED,
    APPLICATION_STATE_CHANGED,
    MESSAGE_RECEIVED,
    APPLICATION_ASSIGNED,
    PERSONAL_DATA_REVEALS,
    APPLICATION_STALLED,
)
