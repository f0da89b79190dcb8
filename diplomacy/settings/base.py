"""Settings shared by every environment. Values that differ come from the environment."""

import warnings
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from diplomacy.settings.environment import (
    as_bool,
    as_list,
    as_s3_options,
    env,
    media_storage_setting,
    optional,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Installed for its translated country names (Arabic among them).
    "django_countries",
    # The rich-text editor (diplomacy/rich_text_editor.py) and revisions of texts.
    "django_prose_editor",
    "reversion",
    "diplomacy.accounts",
    "diplomacy.audit",
    "diplomacy.taxonomy",
    "diplomacy.pages",
    "diplomacy.notifications",
    "diplomacy.jobs",
    "diplomacy.translation",
    "diplomacy.operations",
    "diplomacy.lexicon",
    # Domain apps; each joins the portal through its portal.py (diplomacy/plugins.py).
    # In this order their search results are grouped: publications first.
    "publications",
    "partners",
    "delegations",
    "programs",
]

MIDDLEWARE = [
    # First: every line logged while answering carries the request id, and the request
    # itself is logged once with its status and time (diplomacy/operations/structured_logs.py).
    "diplomacy.operations.structured_logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer early (WhiteNoise, the page cache, error
    # pages): every response carries the policy and the other security headers.
    "csp.middleware.CSPMiddleware",
    "diplomacy.content_security.SecurityHeadersMiddleware",
    "diplomacy.rich_text_editor.EditorImportMapPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # ETag on every response, 304 to a matching If-None-Match / If-Modified-Since
    # (Django's, except for page-cache hits: the page cache judged those already).
    "diplomacy.pagecache.ConditionalGetMiddleware",
    # Page-cache hits are answered here, before the session, locale, CSRF and
    # authentication middlewares do any work: see diplomacy/pagecache.py.
    "diplomacy.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "diplomacy.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff: sessions that end after a working day idle, and no page before a second
    # factor is enrolled (diplomacy/accounts/staff_access.py).
    "diplomacy.accounts.middleware.StaffAccessMiddleware",
]

# --- Content security (diplomacy/content_security.py) -----------------------------------
from csp.constants import NONE, SELF  # noqa: E402

from diplomacy.content_security import inline_hashes  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *inline_hashes("script")],
        "style-src": [SELF, *inline_hashes("style")],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "diplomacy.urls"
WSGI_APPLICATION = "diplomacy.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "diplomacy.pages.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Our own thin PostgreSQL backend creates test databases with a UTF-8 LC_CTYPE, without
# which pg_trgm finds no trigrams in Arabic words.
POSTGRES_ENGINE = "diplomacy.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def database_from_url(url: str) -> dict:
    with warnings.catch_warnings():
        # environ warns about unknown schemes; we report them ourselves, in one line.
        warnings.simplefilter("ignore")
        config = env.db_url_config(url)
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ValueError("expected a URL such as postgres://user@host:5432/name")
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = POSTGRES_ENGINE
        config["CONN_MAX_AGE"] = optional("CONN_MAX_AGE", 60, int)
        config["CONN_HEALTH_CHECKS"] = True
        config["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
        # No JIT: the portal asks short questions; on a large table PostgreSQL's cost
        # estimate switched it on and spent 2.7 s compiling one dashboard count (stop 22).
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Answers permission questions only, in one query (diplomacy/accounts/backends.py).
    "diplomacy.accounts.backends.PermissionsBackend",
    # Django's and allauth's, reading the signed-in person with a written query.
    "diplomacy.accounts.backends.PasswordBackend",
    "diplomacy.accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "diplomacy.accounts.password_validation.MinimumLengthValidator"},
    # Staff open passport data: their passwords are longer (diplomacy/accounts/password_validation.py).
    {
        "NAME": "diplomacy.accounts.password_validation.StaffMinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "my"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "diplomacy.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "diplomacy.accounts.forms.SignupForm",
    "login": "diplomacy.accounts.forms.LoginForm",
}
# Failed sign-ins: 10 a minute from one client address, 5 in 5 minutes for one account
# (then even the right password waits: guessing cannot go on; tests/diplomacy/accounts).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Client addresses behind the reverse proxy: the proxies we run append the address they
# saw to X-Forwarded-For; the entry that many places from the end is the client (0: no
# proxy, REMOTE_ADDR is the client). Or a header the proxy sets itself (X-Real-IP).
# django-ratelimit reads the same address (diplomacy/client_address.py).
ALLAUTH_TRUSTED_PROXY_COUNT = optional("ALLAUTH_TRUSTED_PROXY_COUNT", 0, int)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = optional("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
RATELIMIT_IP_META_KEY = "diplomacy.client_address.client_ip"

# Two factors (allauth.mfa): an authenticator app (TOTP) with recovery codes, mandatory
# for staff. No WebAuthn: it needs JavaScript, and the portal works without it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Civil Diplomacy Center"
# A code typed just as the phone moves on to the next one still counts: connections in
# NES are slow, and a code stays usable once only whatever the tolerance.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "diplomacy.accounts.second_factor.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "diplomacy.accounts.forms.ActivateTOTPForm",
    "authenticate": "diplomacy.accounts.forms.AuthenticateForm",
    "reauthenticate": "diplomacy.accounts.forms.ReauthenticateForm",
}
# Staff sessions end after this long without a request (a working day); everyone else's
# after SESSION_COOKIE_AGE without the session changing.
STAFF_SESSION_IDLE_SECONDS = optional("STAFF_SESSION_IDLE_SECONDS", 9 * 60 * 60, int)
SESSION_COOKIE_AGE = optional("SESSION_COOKIE_AGE", 14 * 24 * 60 * 60, int)
# Sessions stay in the database (ended at once, Redis or not): Django's database store,
# reading a session with its query written out (diplomacy/accounts/sessions.py).
SESSION_ENGINE = "diplomacy.accounts.sessions"

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["diplomacy.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Damascus"
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# No silent fallback: an Arabic page must never show English text without saying so.
MODELTRANSLATION_FALLBACK_LANGUAGES: tuple[str, ...] = ()
# The tabbed translation admin would load jQuery UI from a CDN; a small local stand-in
# for the tabs it uses keeps the admin free of external requests.
JQUERY_UI_URL = "js/translation-tabs.js"

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(optional("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Shared object storage (S3-compatible) when these name a bucket; see diplomacy/storage.py.

MEDIA_STORAGE = media_storage_setting(optional("MEDIA_STORAGE_URL", None, as_s3_options))
PRIVATE_MEDIA_STORAGE_OPTIONS = optional("PRIVATE_MEDIA_STORAGE_URL", None, as_s3_options)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "diplomacy.static_files.PortalStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = optional(
    "DEFAULT_FROM_EMAIL", "Civil Diplomacy Center <no-reply@civil-diplomacy.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in emails (confirm, unsubscribe, the item itself) start with this.
SITE_URL = optional("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Accounts with a published password (`loaddemo`): only the development settings allow
# them, and production forces this off whatever the environment says.
DEMO_ACCOUNTS = False
# Outbox delivery: retries back off 1, 2, 4, 8 minutes (capped at 10), then "failed";
# the sweep picks up rows still pending this long after they were due.
NOTIFICATIONS_MAX_ATTEMPTS = optional("NOTIFICATIONS_MAX_ATTEMPTS", 5, int)
# Retries wait base × 2^n seconds, never more than this (the fault drills shorten both).
NOTIFICATIONS_LONGEST_BACKOFF_SECONDS = optional("NOTIFICATIONS_LONGEST_BACKOFF_SECONDS", 600, int)
NOTIFICATIONS_RETRY_BASE_SECONDS = optional("NOTIFICATIONS_RETRY_BASE_SECONDS", 60, int)
NOTIFICATIONS_SWEEP_GRACE_SECONDS = optional("NOTIFICATIONS_SWEEP_GRACE_SECONDS", 120, int)
# A worker claims a row (status "sending") for this long; one killed mid-send leaves it
# claimed until then, and the sweep then sends it again (README: "exactly once").
NOTIFICATIONS_SENDING_LEASE_SECONDS = optional("NOTIFICATIONS_SENDING_LEASE_SECONDS", 600, int)
NOTIFICATIONS_RETENTION_DAYS = optional("NOTIFICATIONS_RETENTION_DAYS", 180, int)
# Personal links in emails expire: the newsletter's manage link after 60 days, the
# unsubscribe link (also the one-click List-Unsubscribe header) after a year.
NOTIFICATIONS_MANAGE_LINK_MAX_AGE_DAYS = optional("NOTIFICATIONS_MANAGE_LINK_MAX_AGE_DAYS", 60, int)
NOTIFICATIONS_UNSUBSCRIBE_LINK_MAX_AGE_DAYS = optional(
    "NOTIFICATIONS_UNSUBSCRIBE_LINK_MAX_AGE_DAYS", 365, int
)

# --- Celery ---------------------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "notifications", "translation", "media")
CELERY_TASK_ROUTES = {
    "diplomacy.notifications.tasks.*": {"queue": "notifications"},
    "diplomacy.translation.tasks.*": {"queue": "translation"},
    "*.tasks.render_*": {"queue": "media"},
}
# A message not acknowledged within this time is handed to another worker. Every
# countdown, ETA and retry delay we use stays well below it (longest backoff: 10 min),
# so nothing is redelivered while it is merely waiting.
# A request hands a job to Redis once, quickly, or not at all (diplomacy/jobs): no
# connection retries (max_retries 0), and a Redis that does not answer is given up on in
# a second. The job is already recorded; the relay hands it over when Redis is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    "max_retries": 0,
}
# After a failed hand-over a process leaves the broker alone this long (jobs wait in
# the database meanwhile); the relay runs every JOBS_RELAY_EVERY_SECONDS and hands over
# jobs never handed over after JOBS_RELAY_GRACE_SECONDS, and jobs handed over but still
# not run after JOBS_REDELIVER_AFTER_SECONDS (their message was lost).
JOBS_BROKER_PAUSE_SECONDS = optional("JOBS_BROKER_PAUSE_SECONDS", 5.0, float)
JOBS_RELAY_EVERY_SECONDS = optional("JOBS_RELAY_EVERY_SECONDS", 60.0, float)
JOBS_RELAY_GRACE_SECONDS = optional("JOBS_RELAY_GRACE_SECONDS", 30, int)
JOBS_REDELIVER_AFTER_SECONDS = optional("JOBS_REDELIVER_AFTER_SECONDS", 60 * 30, int)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
UNVERIFIED_ACCOUNT_RETENTION_DAYS = 14
CELERY_BEAT_SCHEDULE: dict = {
    "programs-send-reminders": {
        # Every 10 minutes: a reminder goes out between 24 h and 23 h 50 min before a
        # session; each registration is reminded once (marked in the same transaction).
        "task": "programs.tasks.send_due_reminders",
        "schedule": 60 * 10,
    },
    "purge-unverified-accounts": {
        "task": "diplomacy.accounts.tasks.purge_unverified_accounts",
        "schedule": 60 * 60 * 6,
    },
    "delegations-purge-personal-data": {
        "task": "delegations.tasks.purge_expired_personal_data",
        # Every 6 hours; the integration test runs a real beat with a 1-second interval.
        "schedule": optional("DELEGATIONS_PURGE_EVERY_SECONDS", 60 * 60 * 6, int),
    },
    "publish-scheduled-publications": {
        "task": "publications.tasks.publish_scheduled_publications",
        "schedule": 60,
    },
    "notifications-outbox-sweep": {
        "task": "diplomacy.notifications.tasks.notifications_sweep",
        "schedule": optional("NOTIFICATIONS_SWEEP_EVERY_SECONDS", 60 * 2, float),
    },
    "jobs-relay": {
        "task": "diplomacy.jobs.tasks.jobs_relay",
        "schedule": JOBS_RELAY_EVERY_SECONDS,
    },
    "notifications-purge": {
        "task": "diplomacy.notifications.tasks.notifications_purge",
        "schedule": 60 * 60 * 24,
    },
}
CELERY_BEAT_SCHEDULE["partners-agreement-reminders"] = {
    "task": "partners.tasks.send_agreement_reminders",
    "schedule": 60 * 60 * 6,
}
CELERY_BEAT_SCHEDULE["partners-follow-up-reminders"] = {
    "task": "partners.tasks.send_follow_up_reminders",
    "schedule": 60 * 60 * 6,
}
CELERY_BEAT_SCHEDULE["translation-requeue-stale-jobs"] = {
    "task": "diplomacy.translation.tasks.requeue_stale_translation_jobs",
    "schedule": 60 * 15,
}
CELERY_BEAT_SCHEDULE["delegations-stalled-applications"] = {
    "task": "delegations.tasks.warn_and_purge_stalled_applications",
    "schedule": 60 * 60 * 6,
}
CELERY_BEAT_SCHEDULE["programs-purge-registration-answers"] = {
    "task": "programs.tasks.purge_registration_answers",
    "schedule": 60 * 60 * 24,
}
# Beat's heartbeat, read by /healthz (diplomacy/health.py): "beat" fails when the last
# one is older than HEALTH_BEAT_STALE_SECONDS; "queues" when a queue holds more jobs
# than HEALTH_QUEUE_DEPTH_LIMIT.
HEALTH_BEAT_HEARTBEAT_SECONDS = optional("HEALTH_BEAT_HEARTBEAT_SECONDS", 60, int)
HEALTH_BEAT_STALE_SECONDS = optional(
    "HEALTH_BEAT_STALE_SECONDS", 3 * HEALTH_BEAT_HEARTBEAT_SECONDS, int
)
HEALTH_QUEUE_DEPTH_LIMIT = optional("HEALTH_QUEUE_DEPTH_LIMIT", 1000, int)
CELERY_BEAT_SCHEDULE["operations-beat-heartbeat"] = {
    "task": "diplomacy.operations.tasks.beat_heartbeat",
    "schedule": HEALTH_BEAT_HEARTBEAT_SECONDS,
}
CELERY_TIMEZONE = "UTC"

# --- Logging --------------------------------------------------------------------------
# One JSON line per request, per task and per message (diplomacy/operations/
# structured_logs.py); LOG_FORMAT=text for people reading a terminal (the default in
# development). Errors reach the administrators by email (ADMINS) unless SENTRY_DSN
# sends them to a Sentry-compatible server instead (configure_error_reports).
LOG_FORMAT = optional("LOG_FORMAT", "json")
ADMINS = [(address.split("@")[0], address) for address in optional("ADMINS", [], as_list)]
SENTRY_DSN = optional("SENTRY_DSN", "")


def logging_config(log_format: str, *, mail_admins: bool) -> dict:
    formatter = (
        {"()": "diplomacy.operations.structured_logs.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    handlers = {"console": {"class": "logging.StreamHandler", "formatter": "default"}}
    error_handlers = ["console"]
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        }
        error_handlers.append("mail_admins")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "formatters": {"default": formatter},
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            # Our own line per request replaces Django's; its errors still go out.
            "django.request": {"handlers": error_handlers, "level": "ERROR", "propagate": False},
            # Our line per task replaces Celery's "succeeded" line; failures still go out.
            "celery.app.trace": {
                "handlers": error_handlers,
                "level": "WARNING",
                "propagate": False,
            },
        },
    }


LOGGING = logging_config(LOG_FORMAT, mail_admins=not SENTRY_DSN)
# Celery keeps the portal's logging (one format for web and workers).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

from kombu import Queue  # noqa: E402

CELERY_TASK_QUEUES = [Queue(name) for name in CELERY_TASK_QUEUES_NAMES]
del CELERY_TASK_QUEUES_NAMES


def redis_database_url(redis_url: str, offset: int) -> str:
    """The same Redis server, `offset` databases further (redis://host:6379/3 → /4)."""
    base, _slash, database = redis_url.rstrip("/").rpartition("/")
    if not database.isdigit() or "://" not in base:
        base, database = redis_url.rstrip("/"), "0"
    return f"{base}/{(int(database) + offset) % 16}"


# The site's layout (header, navigation, footer) rendered once per language and process:
# it shows no database content, only translated words and URLs, which change with a
# deployment (a new process) and nothing else. In memory: no round trip to Redis.
LAYOUT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "layout",
    "TIMEOUT": None,
}


def redis_settings(redis_url: str) -> dict:
    """Three Redis databases, each configurable on its own (another server too):

    - the Celery broker (`BROKER_URL`, default: `REDIS_URL` itself): queued jobs that must
      never be evicted;
    - counters (`RATELIMIT_REDIS_URL`, default: the next database): rate limits of
      allauth and django-ratelimit, and small caches of the apps (cache alias "default");
    - the page cache (`CACHE_REDIS_URL`, default: the one after): what anonymous floods
      can grow, each entry with a time to live (cache alias "pages").

    See the README for the eviction policies this allows.
    """
    counters_url = optional("RATELIMIT_REDIS_URL", redis_database_url(redis_url, 1))
    pages_url = optional("CACHE_REDIS_URL", redis_database_url(redis_url, 2))
    return {
        "CACHES": {
            # Both fail open when Redis is away (diplomacy/resilient_cache.py).
            "default": {
                "BACKEND": "diplomacy.resilient_cache.RedisCacheWithFallback",
                "FALLBACK": "memory",
                "LOCATION": counters_url,
                "KEY_PREFIX": "diplomacy",
                "TIMEOUT": 60 * 15,
            },
            "pages": {
                "BACKEND": "diplomacy.resilient_cache.RedisCacheWithFallback",
                "FALLBACK": "none",
                "LOCATION": pages_url,
                "KEY_PREFIX": "diplomacy",
                "TIMEOUT": 60 * 15,
            },
            "layout": LAYOUT_CACHE,
        },
        "CELERY_BROKER_URL": optional("BROKER_URL", redis_url),
    }


# --- Partners -------------------------------------------------------------------------
# Staff are reminded this many days before an agreement ends (once per threshold).
PARTNERS_AGREEMENT_REMINDER_DAYS = [60, 30, 7]
# Signed agreements: outside MEDIA_ROOT, served to staff through a permission check.
PARTNERS_PRIVATE_ROOT = Path(optional("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))

# --- Translation jobs (diplomacy/translation) -----------------------------------------
# Machine engine for drafts: "none" (translators start from the memory alone) or
# "libretranslate" (a self-hosted LibreTranslate server; texts go nowhere else).
TRANSLATION_ENGINE = optional("TRANSLATION_ENGINE", "none")
LIBRETRANSLATE_URL = optional("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = optional("LIBRETRANSLATE_API_KEY", "")
TRANSLATION_ENGINE_TIMEOUT = optional("TRANSLATION_ENGINE_TIMEOUT", 30.0, float)
TRANSLATION_ENGINE_BATCH_SIZE = 20
# Engine errors are retried after 30 s, 60 s, 120 s, 240 s, 480 s (≈ 15 min in all,
# below the broker's visibility timeout); then the job fails and staff may retry it.
TRANSLATION_MAX_RETRIES = 5
TRANSLATION_RETRY_BACKOFF = 30
# Smallest pg_trgm similarity (0–1) for a fuzzy translation-memory match.
TRANSLATION_MEMORY_FUZZY_THRESHOLD = 0.7

# --- Page composition -----------------------------------------------------------------
# Templates that apps contribute to the home page and to a person's "My page"; each
# loads its own data through a template tag backed by the app's selectors.
HOME_PAGE_SECTIONS: list[str] = [
    "includes/latest_publications.html",
    "includes/home_programs.html",
]
MY_PAGE_SECTIONS: list[str] = [
    "includes/my_delegations.html",
    "includes/my_programs.html",
    "translation/my_translation_jobs_section.html",
]
# The staff dashboard (/staff/): each app's section shows what needs the signed-in staff
# member, or nothing when their roles do not touch that app.
STAFF_DASHBOARD_SECTIONS: list[str] = [
    "delegations/staff_dashboard_section.html",
    "translation/staff_dashboard_section.html",
    "programs/staff_dashboard_section.html",
    "partners/staff_dashboard_section.html",
    "notifications/staff_dashboard_section.html",
]

# --- Delegations ----------------------------------------------------------------------
# Longest visit an application may propose, and how long members' personal data is kept
# after a visit completes or an application is declined, withdrawn or cancelled.
DELEGATIONS_MAX_STAY_DAYS = optional("DELEGATIONS_MAX_STAY_DAYS", 30, int)
DELEGATIONS_RETENTION_DAYS = optional("DELEGATIONS_RETENTION_DAYS", 180, int)
# Drafts and unanswered information requests idle this long are deleted (drafts) or
# withdrawn and purged; the applicant is warned by email DELEGATIONS_DRAFT_WARNING_DAYS before.
DELEGATIONS_DRAFT_RETENTION_DAYS = optional("DELEGATIONS_DRAFT_RETENTION_DAYS", 90, int)
DELEGATIONS_DRAFT_WARNING_DAYS = optional("DELEGATIONS_DRAFT_WARNING_DAYS", 14, int)
# Registration answers are emptied this many days after the program ends.
PROGRAMS_RETENTION_DAYS = optional("PROGRAMS_RETENTION_DAYS", 180, int)
# The calendar (.ics) link of a registration email works this long (and only while the
# registration keeps the status the email was about).
PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS = optional("PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS", 366, int)
# More openings of passport data than this by one person within an hour alert the
# administrators (in the portal and by email).
PASSPORT_REVEAL_ALERT_PER_HOUR = optional("PASSPORT_REVEAL_ALERT_PER_HOUR", 10, int)
# Application form submissions (every step counts) per user and per IP address.
DELEGATIONS_APPLY_RATE_PER_USER = "60/h"
DELEGATIONS_APPLY_RATE_PER_IP = "120/h"
# Message attachments: outside MEDIA_ROOT, served only through a permission check.
DELEGATIONS_PRIVATE_ROOT = Path(optional("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
DELEGATIONS_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024

# --- Public page cache (diplomacy/pagecache.py) ---------------------------------------
# The cache alias that holds the pages (a Redis database of its own, see redis_settings).
PAGE_CACHE_ALIAS = "pages"
# Seconds an anonymous public page may be served from Redis; 0 turns the cache off
# (development and tests; production turns it on).
PAGE_CACHE_SECONDS = optional("PAGE_CACHE_SECONDS", 0, int)
# Seconds a process trusts the generation it read and answers hits from its own memory,
# without asking Redis (diplomacy/pagecache.py: RecentPages). For that long after an edit
# made in another process, a visitor may get the page as it was a moment before; 0 asks
# Redis on every hit (development and tests; production: 1).
PAGE_CACHE_GENERATION_SECONDS = optional("PAGE_CACHE_GENERATION_SECONDS", 0.0, float)
# Paths after the language prefix that are never cached and always sent no-store.
PAGE_CACHE_PRIVATE_PATHS = ["my/", "accounts/"]
# The query parameters each public view reads, by URL name. Only these make a page
# distinct in the cache; others are removed before the view runs (so they cannot appear
# in its links either). A page whose view is not listed here is cached only when the URL
# has no query string.
PAGE_CACHE_QUERY_PARAMETERS = {
    "publications:list": ("kind", "sector", "region", "year", "page"),
    "search": ("q", "kind", "page"),
    "programs:list": ("kind", "sector", "page"),
    "partners:list": ("q", "sector", "kind", "region", "page"),
}
# At most this many distinct URLs with a query string are stored per generation (and per
# PAGE_CACHE_SECONDS); more are served uncached. Made-up search terms cannot grow Redis.
PAGE_CACHE_MAX_QUERY_VARIANTS = optional("PAGE_CACHE_MAX_QUERY_VARIANTS", 2000, int)
# Data public views share and that changes only with public content (the publication
# list's filter choices and counts, the home and programs pages' sections), kept per generation (`cached_for_generation`) even
# for the requests the page cache does not serve (signed-in people, a first visit).
# Off in development and tests, whose transactions often never commit (so the generation
# would not follow their changes); production turns it on.
PUBLIC_DATA_CACHE = optional("PUBLIC_DATA_CACHE", False, as_bool)
# `make bench` only: /bench/hello, a view that does nothing, measures the framework's ceiling.
BENCH_ENDPOINTS = optional("BENCH_ENDPOINTS", False, as_bool)
