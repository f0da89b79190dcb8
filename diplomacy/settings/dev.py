"""`make run`: works with nothing but Python; uses PostgreSQL and Redis when given."""

from diplomacy.settings.base import *  # noqa: F403
from diplomacy.settings.base import (
    BASE_DIR,
    LAYOUT_CACHE,
    database_from_url,
    logging_config,
    redis_settings,
)
from diplomacy.settings.development_keys import (
    DEVELOPMENT_FIELD_ENCRYPTION_KEY,
    DEVELOPMENT_SECRET_KEY,
)
from diplomacy.settings.environment import (
    as_bool,
    as_email_config,
    as_list,
    as_port,
    optional,
)

DEBUG = optional("DEBUG", True, as_bool)
SECRET_KEY = optional("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# `make run PORT=8200` serves on 8200, so the links in its emails point there too.
PORT = optional("PORT", 8000, as_port)
SITE_URL = optional("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
# One demo account per role with a shown password (manage.py loaddemo), while DEBUG is on.
DEMO_ACCOUNTS = optional("DEMO_ACCOUNTS", DEBUG, as_bool)
ALLOWED_HOSTS = optional("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], as_list)

DATABASES = {
    "default": optional(
        "DATABASE_URL",
        database_from_url(f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        database_from_url,
    )
}

REDIS_URL = optional("REDIS_URL", None)
if REDIS_URL:
    globals().update(redis_settings(REDIS_URL))
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
        },
        "layout": LAYOUT_CACHE,
    }
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CELERY_BROKER_URL = "memory://"

# Lines for a person at a terminal; LOG_FORMAT=json to see what production writes.
LOGGING = logging_config(optional("LOG_FORMAT", "text"), mail_admins=False)

EMAIL_CONFIG = optional("EMAIL_URL", as_email_config("consolemail://"), as_email_config)
vars().update(EMAIL_CONFIG)

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
    [DEVELOPMENT_FIELD_ENCRYPTION_KEY],
    parse_field_encryption_keys,
)
