"""allauth.mfa as the portal uses it: staff keep their authenticator app."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.staff_access import is_staff_account


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("Incorrect code."),
        "cannot_delete_authenticator": _(
            "Staff accounts keep their authenticator app. To move it to a new phone, "
            "ask an administrator to reset it; you will then enrol the new phone."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and is_staff_account(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
