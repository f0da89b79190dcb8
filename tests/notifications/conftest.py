import pytest

from diplomacy.notifications.notifications import NEWSLETTER_CONFIRM, NEWSLETTER_ISSUE

# Real types declared by this app: one essential, one that can be unsubscribed from.
ESSENTIAL = NEWSLETTER_CONFIRM
OPTIONAL = NEWSLETTER_ISSUE


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what would run after commit, as the real transaction would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
