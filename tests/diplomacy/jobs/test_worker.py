import time

import pytest
from django.db import transaction

from diplomacy.jobs.models import Job
from diplomacy.jobs.services import enqueue_on_commit

pytestmark = pytest.mark.integration


def test_a_real_worker_runs_the_job_and_its_row_is_forgotten(celery_worker_process):
    from delegations.models import Application
    from delegations.tasks import purge_application_personal_data
    from tests.delegations.factories import ApplicationFactory

    application = ApplicationFactory()
    with transaction.atomic():
        job = enqueue_on_commit(purge_application_personal_data, application.pk)
    deadline = time.monotonic() + 30
    while Job.objects.filter(pk=job.pk).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert Application.objects.filter(pk=application.pk).exists()
