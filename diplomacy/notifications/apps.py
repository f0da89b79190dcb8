from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "diplomacy.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every app declares its notification types in its portal.py (diplomacy/plugins.py).
        from diplomacy.notifications.registry import register
        from diplomacy.plugins import app_contributions

        for contribution in app_contributions():
            for notification_type in contribution.notification_types:
                register(notification_type)
