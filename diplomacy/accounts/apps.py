from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "diplomacy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from diplomacy.accounts.roles import sync_role_permissions
        from diplomacy.admin_language import translate_boolean_icons

        post_migrate.connect(sync_role_permissions, sender=self)
        translate_boolean_icons()
