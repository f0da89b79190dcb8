import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from diplomacy.accounts.models import User
from diplomacy.accounts.tasks import purge_unverified_accounts
from tests.factories import UserFactory

pytestmark = pytest.mark.integration


def test_a_real_worker_runs_a_task_that_writes_to_postgresql(celery_worker_process):
    long_ago = timezone.now() - timedelta(days=30)
    stale = UserFactory(email="never-confirmed@example.org")
    User.objects.filter(pk=stale.pk).update(date_joined=long_ago)
    kept = UserFactory(email="confirmed@example.org")
    User.objects.filter(pk=kept.pk).update(date_joined=long_ago)
    EmailAddress.objects.create(user=kept, email=kept.email, verified=True, primary=True)

    purge_unverified_accounts.delay()

    deadline = time.monotonic() + 30
    while User.objects.filter(pk=stale.pk).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not User.objects.filter(pk=stale.pk).exists()
    assert User.objects.filter(pk=kept.pk).exists()
