import pytest

from diplomacy.notifications.notifications import NEWSLETTER_CONFIRM, NEWSLETTER_ISSUE
from diplomacy.notifications.registry import NotificationType, register

# Real types declared by this app: one essential, one that can be unsubscribed from.
ESSENTIAL = NEWSLETTER_CONFIRM
OPTIONAL = NEWSLETTER_ISSUE
# A plain non-essential type (leaving the newsletter deletes the subscriber instead of
# recording an unsubscription); only the unsubscribe pages use it, nothing renders it.
PLAIN_OPTIONAL = register(
    NotificationType(key="tests.digest", essential=False, description="Weekly digest")
).key


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what would run after commit, as the real transaction would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in Redis: each test starts without earlier tests' counts."""
    from django.core.cache import cache

    cache.clear()
