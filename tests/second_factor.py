"""Authenticator apps for tests: set one up for a user, and compute its current code as
the staff member's phone would (allauth.mfa's own TOTP functions)."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.core.cache import cache


def give_authenticator_app(user) -> str:
    """An activated TOTP authenticator for `user` (reusing an existing one); its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def secret_of(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def code_for_secret(secret: str, at: float | None = None) -> str:
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def totp_code(user_or_secret) -> str:
    """The code the app shows now. allauth accepts each code once per user: if this one
    was used already, wait for the next period (at most 30 s)."""
    secret = user_or_secret if isinstance(user_or_secret, str) else secret_of(user_or_secret)
    code = code_for_secret(secret)
    if not isinstance(user_or_secret, str):
        used_key = f"allauth.mfa.totp.used?user={user_or_secret.pk}&code={code}"
        while cache.get(used_key) is not None and code_for_secret(secret) == code:
            time.sleep(0.5)
        code = code_for_secret(secret)
    return code
