"""Notification types of the programs app (templates in templates/notifications/<key>/)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from diplomacy.notifications.registry import NotificationType

REGISTRATION_CONFIRMED = "programs.registration_confirmed"
REGISTRATION_WAITING = "programs.registration_waiting"
REGISTRATION_PENDING = "programs.registration_pending"
REGISTRATION_DECLINED = "programs.registration_declined"
REGISTRATION_CANCELLED = "programs.registration_cancelled"
EVENT_REMINDER = "programs.event_reminder"
EVENT_MESSAGE = "programs.event_message"


def registration_calendar_file(notification) -> list[tuple[str, bytes, str]]:
    """The participant's own .ics for the session (with its online link once confirmed)."""
    from programs.calendar import calendar_for_registration
    from programs.models import Registration

    registration = notification.target
    if not isinstance(registration, Registration):
        return []
    content = calendar_for_registration(registration=registration, base_url=settings.SITE_URL)
    return [("session.ics", content, "text/calendar")]


NOTIFICATION_TYPES = (
    NotificationType(
        key=REGISTRATION_CONFIRMED,
        essential=True,
        description=_("Your place in a program session is confirmed"),
        attachments=registration_calendar_file,
    ),
    # What happens to a person's own registration is always sent.
    *(
        NotificationType(key=key, essential=True, description=description)
        for key, description in (
            (REGISTRATION_WAITING, _("You are on the waiting list of a program session")),
            (REGISTRATION_PENDING, _("Your registration awaits the organizers' approval")),
            (REGISTRATION_DECLINED, _("Your registration for a program session was declined")),
            (REGISTRATION_CANCELLED, _("Your registration for a program session was cancelled")),
            (EVENT_MESSAGE, _("A message from the organizers of a session you take part in")),
        )
    ),
    # A reminder is a convenience: people may turn it off.
    NotificationType(
        key=EVENT_REMINDER,
        essential=False,
        description=_("Reminder the day before a program session"),
        attachments=registration_calendar_file,
    ),
)
