"""Notification types of the programs app (templates in templates/notifications/<key>/)."""

from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType, register

REGISTRATION_CONFIRMED = "programs.registration_confirmed"
REGISTRATION_WAITING = "programs.registration_waiting"
REGISTRATION_PENDING = "programs.registration_pending"
REGISTRATION_DECLINED = "programs.registration_declined"
REGISTRATION_CANCELLED = "programs.registration_cancelled"
EVENT_REMINDER = "programs.event_reminder"
EVENT_MESSAGE = "programs.event_message"

# What happens to a person's own registration is always sent.
for key, description in (
    (REGISTRATION_CONFIRMED, _("Your place in a program session is confirmed")),
    (REGISTRATION_WAITING, _("You are on the waiting list of a program session")),
    (REGISTRATION_PENDING, _("Your registration awaits the organizers' approval")),
    (REGISTRATION_DECLINED, _("Your registration for a program session was declined")),
    (REGISTRATION_CANCELLED, _("Your registration for a program session was cancelled")),
    (EVENT_MESSAGE, _("A message from the organizers of a session you take part in")),
):
    register(NotificationType(key=key, essential=True, description=description))

# A reminder is a convenience: people may turn it off.
register(
    NotificationType(
        key=EVENT_REMINDER,
        essential=False,
        description=_("Reminder the day before a program session"),
    )
)
