"""The translators' notification types: see diplomacy/plugins.py."""

from diplomacy.plugins import AppContribution
from diplomacy.translation.notifications import NOTIFICATION_TYPES

contribution = AppContribution(notification_types=NOTIFICATION_TYPES)
