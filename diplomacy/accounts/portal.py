"""The accounts' notification type (allauth's messages): see diplomacy/plugins.py."""

from diplomacy.accounts.notifications import NOTIFICATION_TYPES
from diplomacy.plugins import AppContribution

contribution = AppContribution(notification_types=NOTIFICATION_TYPES)
