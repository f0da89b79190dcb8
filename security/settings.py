"""Settings of the portal `make security` scans: the test settings, demo people on, and the
rate limits off — a scanner sends thousands of requests, and a form that answers 429
would hide the code behind it from sqlmap instead of testing it."""

from diplomacy.settings.test import *  # noqa: F403

DEMO_ACCOUNTS = True
RATELIMIT_ENABLE = False
