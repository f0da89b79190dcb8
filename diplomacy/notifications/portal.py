"""The newsletter's notification types: see diplomacy/plugins.py."""

from diplomacy.notifications.notifications import NOTIFICATION_TYPES
from diplomacy.plugins import AppContribution

contribution = AppContribution(notification_types=NOTIFICATION_TYPES)
