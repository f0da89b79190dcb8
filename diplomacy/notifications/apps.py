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

        # Not on delete: a receiver there would make the retention purge delete row by row.
        from django.db.models.signals import post_save

        from diplomacy.notifications.models import Notification
        from diplomacy.notifications.services import notification_saved

        post_save.connect(notification_saved, sender=Notification, dispatch_uid="inbox-unread")
