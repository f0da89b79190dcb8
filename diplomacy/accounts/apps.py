from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "diplomacy.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in as django_user_logged_in
        from django.db.models.signals import post_migrate

        from diplomacy.accounts.roles import sync_role_permissions
        from diplomacy.admin_language import translate_boolean_icons

        post_migrate.connect(sync_role_permissions, sender=self)
        translate_boolean_icons()
        from allauth.account.signals import (
            password_changed,
            password_reset,
            password_set,
            user_logged_in,
        )

        from diplomacy.accounts.staff_access import (
            count_sign_in_as_recent_check,
            forget_short_password,
            start_session,
        )

        password_changed.connect(forget_short_password)
        password_set.connect(forget_short_password)
        password_reset.connect(forget_short_password)
        user_logged_in.connect(count_sign_in_as_recent_check)
        django_user_logged_in.connect(start_session)
