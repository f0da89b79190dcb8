"""Parsing FIELD_ENCRYPTION_KEY; imported by the settings, so it imports nothing of Django."""

from cryptography.fernet import Fernet


def parse_field_encryption_keys(value: str) -> list[str]:
    """Comma-separated Fernet keys, newest first; ValueError when one is not a Fernet key."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ValueError("expected one or more comma-separated Fernet keys")
    for key in keys:
        try:
            Fernet(key)
        except Exception:
            raise ValueError("each key must be 32 url-safe base64-encoded bytes") from None
    return keys
