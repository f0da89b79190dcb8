"""Password rules: Django's validators, with the one message Django's Arabic catalogue
lacks, and a longer minimum for staff accounts.

Django 5.2 changed the message id of the minimum-length error; its Arabic catalogue still
translates only the old id, so people saw it in English. The message is ours to translate
until Django's catalogue catches up.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diplomacy.accounts.staff_access import is_staff_account


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


STAFF_PASSWORD_MIN_LENGTH = 12


def staff_password_too_short(password: str, min_length: int = STAFF_PASSWORD_MIN_LENGTH) -> bool:
    return len(password) < min_length


class StaffMinimumLengthValidator:
    """Staff passwords have at least `min_length` characters (others: Django's 8)."""

    def __init__(self, min_length: int = STAFF_PASSWORD_MIN_LENGTH) -> None:
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if user is None or not is_staff_account(user):
            return
        if staff_password_too_short(password, self.min_length):
            raise ValidationError(
                ngettext(
                    "A staff account’s password must contain at least %(min_length)d character.",
                    "A staff account’s password must contain at least %(min_length)d characters.",
                    self.min_length,
                ),
                code="staff_password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return _("Staff accounts need a password of at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }
