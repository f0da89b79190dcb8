"""Production: every secret and address comes from the environment; safe by default."""

from diplomacy.settings.base import *  # noqa: F403
from diplomacy.settings.base import database_from_url, redis_settings
from diplomacy.settings.development_keys import PUBLIC_FIELD_ENCRYPTION_KEYS, PUBLIC_SECRET_KEYS
from diplomacy.settings.environment import (
    ConfigurationError,
    as_bool,
    as_email_config,
    as_list,
    optional,
    required,
)

# Fail closed: never DEBUG, never a key that is in the repository.
if optional("DEBUG", False, as_bool):
    raise ConfigurationError(
        "Configuration error: the environment variable DEBUG is on, which production "
        "refuses (use diplomacy.settings.dev to debug)."
    )
DEBUG = False
# Never read from the environment: a portal in production has no demo accounts, whose
# password is published in the README (loaddemo refuses to create them here).
DEMO_ACCOUNTS = False
SECRET_KEY = required("SECRET_KEY")
if SECRET_KEY in PUBLIC_SECRET_KEYS:
    raise ConfigurationError(
        "Configuration error: the environment variable SECRET_KEY is malformed "
        "(it is the development key from the repository)."
    )
if len(SECRET_KEY) < 50:
    raise ConfigurationError(
        "Configuration error: the environment variable SECRET_KEY is malformed "
        "(it must be at least 50 characters long)."
    )
ALLOWED_HOSTS = required("ALLOWED_HOSTS", as_list)
CSRF_TRUSTED_ORIGINS = optional(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS], as_list
)

DATABASES = {"default": required("DATABASE_URL", database_from_url)}
REDIS_URL = required("REDIS_URL")
globals().update(redis_settings(REDIS_URL))

EMAIL_CONFIG = required("EMAIL_URL", as_email_config)
vars().update(EMAIL_CONFIG)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = optional("SECURE_SSL_REDIRECT", True, as_bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = optional("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
PAGE_CACHE_SECONDS = optional("PAGE_CACHE_SECONDS", 600, int)
PAGE_CACHE_GENERATION_SECONDS = optional("PAGE_CACHE_GENERATION_SECONDS", 1.0, float)
PUBLIC_DATA_CACHE = optional("PUBLIC_DATA_CACHE", True, as_bool)

# Encrypts passport numbers and dates of birth. Comma-separated Fernet keys, newest first.
from diplomacy.settings.field_keys import parse_field_encryption_keys  # noqa: E402

FIELD_ENCRYPTION_KEY = required("FIELD_ENCRYPTION_KEY", parse_field_encryption_keys)
if PUBLIC_FIELD_ENCRYPTION_KEYS.intersection(FIELD_ENCRYPTION_KEY):
    raise ConfigurationError(
        "Configuration error: the environment variable FIELD_ENCRYPTION_KEY is malformed "
        "(it contains a development key from the repository)."
    )

# Error reports: a Sentry-compatible server when SENTRY_DSN is set (no personal data
# sent), else email to ADMINS (see LOGGING in base.py).
if SENTRY_DSN:  # noqa: F405
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,  # noqa: F405
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=optional("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=0.0,
    )
