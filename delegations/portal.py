"""Delegations in the portal (diplomacy/plugins.py): notifications only. Applications are
personal: nothing of them is searched, listed in the sitemap or shown on public pages."""

from delegations.notifications import NOTIFICATION_TYPES
from diplomacy.plugins import AppContribution

contribution = AppContribution(notification_types=NOTIFICATION_TYPES)
