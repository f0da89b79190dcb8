"""The test suite: always the real PostgreSQL and Redis (localhost unless overridden)."""

from diplomacy.settings.base import *  # noqa: F403
from diplomacy.settings.base import database_from_url, redis_settings
from diplomacy.settings.development_keys import TEST_FIELD_ENCRYPTION_KEY, TEST_SECRET_KEY
from diplomacy.settings.environment import as_bool, as_email_config, optional

DEBUG = False
SECRET_KEY = TEST_SECRET_KEY
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": optional(
        "DATABASE_URL",
        database_from_url("postgres://postgres@127.0.0.1:5432/diplomacy"),
        database_from_url,
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = optional("REDIS_URL", "redis://127.0.0.1:6379/1")
globals().update(redis_settings(REDIS_URL))
# Engineers share one Redis server: keys of their own even where derived databases meet.
for _alias in CACHES:  # noqa: F405
    CACHES[_alias]["KEY_PREFIX"] = f"diplomacy-test-{REDIS_URL.rsplit('/', 1)[-1]}"  # noqa: F405

# Unit tests run tasks in-process; integration tests switch this off and start a worker.
CELERY_TASK_ALWAYS_EAGER = optional("CELERY_TASK_ALWAYS_EAGER", True, as_bool)
CELERY_TASK_EAGER_PROPAGATES = True

# A worker started by an integration test is pointed at that test's SMTP server.
vars().update(
    optional(
        "EMAIL_URL",
        {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        as_email_config,
    )
)
# Tests that need the demo people turn this on for themselves.
DEMO_ACCOUNTS = optional("DEMO_ACCOUNTS", False, as_bool)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_RATE_LIMITS = False

STORAGES = {
    "default": MEDIA_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Encrypts passport numbers and dates of birth; a fixed key only outside production.
from diplomacy.settings.field_keys import parse_field_encryption_keys  # noqa: E402

FIELD_ENCRYPTION_KEY = optional(
    "FIELD_ENCRYPTION_KEY",
    [TEST_FIELD_ENCRYPTION_KEY],
    parse_field_encryption_keys,
)
