"""Django's password validators, with the one message Django's Arabic catalogue lacks.

Django 5.2 changed the message id of the minimum-length error; its Arabic catalogue still
translates only the old id, so people saw it in English. The message is ours to translate
until Django's catalogue catches up.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
