"""Encryption at rest for applicants' most sensitive data (passport numbers, dates of birth).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) before they reach the
database. FIELD_ENCRYPTION_KEY holds one or more comma-separated Fernet keys: the first
encrypts, all of them decrypt, so a key is rotated by putting a new key first, running
`manage.py rotate_field_encryption` and then dropping the old key.
"""

import datetime
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

from diplomacy.settings.field_keys import parse_field_encryption_keys

ENCRYPTED_PREFIX = "fernet:"


@cache
def field_cipher() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEY
    if isinstance(keys, str):
        keys = parse_field_encryption_keys(keys)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty.")
    return MultiFernet([Fernet(key) for key in keys])


@receiver(setting_changed)
def forget_cipher(*, setting: str, **kwargs) -> None:
    if setting == "FIELD_ENCRYPTION_KEY":
        field_cipher.cache_clear()


def encrypt_text(plaintext: str) -> str:
    return ENCRYPTED_PREFIX + field_cipher().encrypt(plaintext.encode()).decode()


def decrypt_text(stored: str) -> str:
    if not stored.startswith(ENCRYPTED_PREFIX):
        raise ValueError("an encrypted column holds a value that was not encrypted")
    try:
        return field_cipher().decrypt(stored.removeprefix(ENCRYPTED_PREFIX).encode()).decode()
    except InvalidToken:
        raise ValueError("cannot decrypt a value: is FIELD_ENCRYPTION_KEY complete?") from None


def reencrypt_text(stored: str) -> str:
    """The same value encrypted with the current first key (for key rotation)."""
    token = stored.removeprefix(ENCRYPTED_PREFIX).encode()
    return ENCRYPTED_PREFIX + field_cipher().rotate(token).decode()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; only exact Python values are readable, no lookups."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError("encrypted fields cannot be searched")
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted as its ISO text."""

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        return models.DateField().to_python(value)

    def get_prep_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if not isinstance(value, datetime.date):
            value = self.to_python(value)
        return encrypt_text(value.isoformat())

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""
