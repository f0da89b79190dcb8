"""Every kind of background job survives a broker that is away when its transaction
commits, and the request that commits does not wait for the broker."""

import importlib
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from diplomacy.jobs.models import Job
from diplomacy.jobs.services import enqueue_on_commit, jobs_relay

pytestmark = pytest.mark.django_db

# Each task recorded by a Job row, and the function it hands its work to.
RECORDED_KINDS = [
    ("publications.tasks.render_cover_renditions", "publications.services.publication_cover_render"),
    ("publications.tasks.render_image_renditions", "publications.services.publication_image_render"),
    ("partners.tasks.render_logo", "partners.tasks.organization_logo_render"),
    ("programs.tasks.render_cover_renditions", "programs.services.program_cover_render"),
    (
        "partners.tasks.preview_organization_import",
        "partners.tasks.organization_import_preview_make",
    ),
    (
        "delegations.tasks.purge_application_personal_data",
        "delegations.tasks.application_purge_personal_data",
    ),
]  # fmt: skip


def task_named(name: str):
    module, _dot, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


@pytest.mark.parametrize(("task_name", "work"), RECORDED_KINDS)
def test_a_job_enqueued_while_the_broker_is_away_runs_once_the_relay_hands_it_over(
    broker, monkeypatch, django_capture_on_commit_callbacks, task_name, work
):
    ran = []
    monkeypatch.setattr(work, lambda **kwargs: ran.append(kwargs) or True)
    if task_name.startswith("delegations."):
        from tests.delegations.factories import ApplicationFactory

        argument = ApplicationFactory().pk
    else:
        argument = 41
    broker.away()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(task_named(task_name), argument)
    assert time.monotonic() - started < 2, "the commit waited for the broker"
    job = Job.objects.get(task_name=task_name)
    assert job.arguments == [argument] and job.published_at is None and not ran

    broker.back()
    assert jobs_relay() == 0, "a job just committed is left to its own process a while"
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs_relay() == 1
    assert len(ran) == 1
    assert not Job.objects.filter(pk=job.pk).exists(), "a job that ran is forgotten"
    assert jobs_relay() == 0


def test_a_job_whose_message_was_lost_is_handed_over_again(broker, monkeypatch, settings):
    from partners.tasks import render_logo

    ran = []
    monkeypatch.setattr(
        "partners.tasks.organization_logo_render", lambda **kwargs: ran.append(kwargs)
    )
    broker.away()
    with transaction.atomic():
        job = enqueue_on_commit(render_logo, 7)
    # As if it had been handed over, and Redis then restarted without its queue.
    Job.objects.filter(pk=job.pk).update(published_at=timezone.now() - timedelta(hours=1))
    broker.back()
    assert jobs_relay(redeliver_after_seconds=30 * 60) == 1
    assert ran == [{"organization_id": 7}]


def test_a_job_that_failed_for_good_is_kept_with_its_error(broker, monkeypatch):
    from delegations.tasks import purge_application_personal_data

    def broken(**kwargs):
        raise RuntimeError("disk full")

    from tests.delegations.factories import ApplicationFactory

    monkeypatch.setattr("delegations.tasks.application_purge_personal_data", broken)
    application = ApplicationFactory()
    broker.away()
    with transaction.atomic():
        job = enqueue_on_commit(purge_application_personal_data, application.pk)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    broker.back()
    # As in a worker: the failure is recorded, not raised into whoever published.
    broker.app.conf.task_eager_propagates = False
    jobs_relay()
    job.refresh_from_db()
    assert job.failed_at is not None and "disk full" in job.last_error
    assert jobs_relay() == 0, "a failed job waits for staff, it is not retried forever"


def test_the_delegation_purge_asked_for_survives_the_broker_being_away(
    broker, django_capture_on_commit_callbacks
):
    from delegations import services
    from delegations.models import ApplicationState
    from tests.delegations.conftest import make_coordinator
    from tests.delegations.factories import ApplicationFactory

    S = ApplicationState
    coordinator = make_coordinator(lead=True)
    application = ApplicationFactory(state=S.UNDER_REVIEW)
    services.applicant_deletion_request(user=application.applicant)
    broker.away()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=application, actor=coordinator, note="")
    application.refresh_from_db()
    assert application.personal_data_purged_at is None
    Job.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    broker.back()
    jobs_relay()
    application.refresh_from_db()
    assert application.personal_data_purged_at is not None
    assert not application.members.exists()


# --- Kinds found again by a sweep of their own ----------------------------------------


def test_a_notification_written_while_the_broker_is_away_is_sent_by_the_sweep(
    broker, django_capture_on_commit_callbacks, mailoutbox
):
    from diplomacy.notifications.models import Subscriber
    from diplomacy.notifications.services import newsletter_subscribe, notifications_sweep

    broker.away()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_subscribe(email="sara@example.org", language="ar", sectors=[])
    assert time.monotonic() - started < 2
    assert mailoutbox == []
    broker.back()
    assert notifications_sweep(older_than_seconds=0) == 1
    (message,) = mailoutbox
    assert message.to == ["sara@example.org"]
    assert Subscriber.objects.get(email="sara@example.org").confirmation_sent_at


def test_a_newsletter_fan_out_started_while_the_broker_is_away_is_finished_by_the_sweep(
    broker, django_capture_on_commit_callbacks, mailoutbox
):
    from diplomacy.notifications.models import NewsletterAnnouncement
    from diplomacy.notifications.services import newsletter_announce, notifications_sweep
    from tests.diplomacy.notifications.factories import SubscriberFactory

    SubscriberFactory(email="reader@example.org", language="en", confirmed_at=timezone.now())
    target = SubscriberFactory(email="someone@example.org", language="ar")
    broker.away()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_announce(
            target=target, language="en", sector_ids=[], title="Drill news", summary="", url="/en/"
        )
    announcement = NewsletterAnnouncement.objects.get(title="Drill news")
    assert announcement.fanned_out_at is None
    NewsletterAnnouncement.objects.filter(pk=announcement.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    broker.back()
    with django_capture_on_commit_callbacks(execute=True):
        notifications_sweep(older_than_seconds=0)
    announcement.refresh_from_db()
    assert announcement.fanned_out_at is not None
    assert [message.to for message in mailoutbox] == [["reader@example.org"]]


def test_a_translation_job_queued_while_the_broker_is_away_is_requeued(
    broker, monkeypatch, django_capture_on_commit_callbacks
):
    from diplomacy.translation.models import TranslationJob
    from diplomacy.translation.services import job_enqueue
    from diplomacy.translation.tasks import requeue_stale_translation_jobs

    prefilled = []
    monkeypatch.setattr(
        "diplomacy.translation.tasks.job_prefill", lambda job_id: prefilled.append(job_id)
    )
    job = TranslationJob(pk=123, state=TranslationJob.State.QUEUED)
    broker.away()
    started = time.monotonic()
    with transaction.atomic():
        job_enqueue(job=job)
    assert time.monotonic() - started < 2 and prefilled == []
    broker.back()
    stale = [job]
    monkeypatch.setattr(TranslationJob.objects, "filter", lambda **kwargs: stale)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_translation_jobs() == 1
    assert prefilled == [123]
