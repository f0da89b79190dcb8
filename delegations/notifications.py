"""The messages the delegations workflow sends (templates in templates/notifications/<key>/)."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType, register

APPLICATION_SUBMITTED = register(
    NotificationType(
        key="delegations.application_submitted",
        essential=True,
        description=_("Confirmation that your delegation application was received"),
    )
)
APPLICATION_RECEIVED = register(
    NotificationType(
        key="delegations.application_received",
        essential=True,
        staff_inbox=True,
        description=_("A delegation application awaits review"),
    )
)
APPLICATION_STATE_CHANGED = register(
    NotificationType(
        key="delegations.application_state_changed",
        essential=True,
        staff_inbox=True,
        description=_("The state of a delegation application changed"),
    )
)
MESSAGE_RECEIVED = register(
    NotificationType(
        key="delegations.message_received",
        essential=True,
        staff_inbox=True,
        description=_("A new message about a delegation application"),
    )
)
APPLICATION_ASSIGNED = register(
    NotificationType(
        key="delegations.application_assigned",
        essential=True,
        staff_inbox=True,
        description=_("A delegation application was assigned to you"),
    )
)
PERSONAL_DATA_REVEALS = register(
    NotificationType(
        key="delegations.personal_data_reveals",
        essential=True,
        staff_inbox=True,
        description=_("Someone opened passport data unusually often"),
    )
)
APPLICATION_STALLED = register(
    NotificationType(
        key="delegations.application_stalled",
        essential=True,
        description=_("Warning that an unfinished delegation application will be deleted"),
    )
)
