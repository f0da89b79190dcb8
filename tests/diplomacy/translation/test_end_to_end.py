"""The whole pipeline on the real services: PostgreSQL, Redis, a Celery worker process,
the local LibreTranslate-API server, and Chromium for the translator's approval."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from diplomacy.accounts.roles import EDITORS, TRANSLATORS, sync_role_permissions
from diplomacy.translation.models import TranslationJob
from publications.models import Publication
from tests import conftest as root_conftest
from tests.diplomacy.translation.conftest import LibreTranslateServer
from tests.factories import StaffFactory
from tests.publications.factories import PublicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture
def worker_engine(monkeypatch, settings):
    """A LibreTranslate-API server the worker process is pointed at (through its env)."""
    with LibreTranslateServer() as server:
        monkeypatch.setenv("TRANSLATION_ENGINE", "libretranslate")
        monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
        monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "worker-key")
        server.api_key = "worker-key"
        settings.TRANSLATION_ENGINE = "libretranslate"
        settings.LIBRETRANSLATE_URL = server.url
        settings.LIBRETRANSLATE_API_KEY = "worker-key"
        yield server


def wait_for_state(job_filter: dict, state: str, timeout: float = 30.0) -> TranslationJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = TranslationJob.objects.filter(**job_filter).first()
        if job and job.state == state:
            return job
        time.sleep(0.2)
    raise AssertionError(
        f"no job reached {state}: {list(TranslationJob.objects.values('state', 'failure_reason'))}"
    )


def arabic_publication() -> Publication:
    return PublicationFactory(
        original_language="ar",
        title_ar="وفد من كتالونيا يزور قامشلو",
        summary_ar="زيارة تضامنية.",
        body_ar="<p>وصل الوفد يوم الإثنين. التقى <strong>بالشركاء</strong> في المدينة.</p>",
        title_en="",
        summary_en="",
        body_en="",
        state_en=Publication.State.MISSING,
    )


def test_the_task_runs_once_on_a_real_worker(worker_engine, celery_worker_process):
    publication = arabic_publication()
    job = wait_for_state({"object_id": str(publication.pk)}, "machine_draft")
    assert job.source_language == "ar" and job.target_language == "en"
    assert [request["q"] for request in worker_engine.requests] == [
        [
            "وصل الوفد يوم الإثنين.",
            "التقى <strong>بالشركاء</strong> في المدينة.",
            "زيارة تضامنية.",
            "وفد من كتالونيا يزور قامشلو",
        ]
    ]
    assert worker_engine.requests[0]["api_key"] == "worker-key"
    # Sending the task again changes nothing (the job is no longer queued).
    from diplomacy.translation.tasks import prefill_translation_job

    rows = list(job.segments.values_list("pk", "target", "state"))
    prefill_translation_job.delay(job.pk)
    time.sleep(2)
    assert len(worker_engine.requests) == 1
    assert list(job.segments.values_list("pk", "target", "state")) == rows
    publication.refresh_from_db()
    assert publication.title_en == "" and publication.state_en == Publication.State.MISSING


@pytest.mark.browser
def test_arabic_publication_to_published_english_through_review_in_the_browser(
    worker_engine, celery_worker_process, live_server, page, output_dir
):
    sync_role_permissions(sender=None)  # transactional tests start without the groups
    translator = StaffFactory(email="senior-translator@example.org", preferred_language="en")
    # A senior translator who is also an editor may publish what they approve.
    translator.groups.add(Group.objects.get(name=TRANSLATORS), Group.objects.get(name=EDITORS))

    worker_engine.dictionary.update(
        {
            "وصل الوفد يوم الإثنين.": "The delegation arrived on Monday.",
            "التقى <strong>بالشركاء</strong> في المدينة.": "It met <strong>the partners</strong> in the city.",
        }
    )
    publication = arabic_publication()
    job = wait_for_state({"object_id": str(publication.pk)}, "machine_draft")

    client = Client()
    client.force_login(translator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/en/staff/translation/")
    page.get_by_role("link", name="وفد من كتالونيا يزور قامشلو").click()
    page.wait_for_url(f"{live_server.url}/en/staff/translation/jobs/{job.pk}/")
    targets = page.locator("textarea.segment-target")
    assert targets.count() == 4
    assert targets.first.get_attribute("dir") == "ltr"
    assert page.locator("td.segment-source").first.get_attribute("dir") == "rtl"
    assert "Machine translation" in page.content()
    page.screenshot(path=output_dir / "editor.png", full_page=True)

    publication.refresh_from_db()
    assert publication.state_en == Publication.State.MISSING  # a draft is never published

    # Fields in the model's order: the title comes first.
    title = targets.nth(0)
    title.fill("A delegation from Catalonia visits Qamishlo")
    page.get_by_role("button", name="Save and approve the translation").click()
    page.wait_for_url(f"{live_server.url}/en/staff/translation/")

    publication.refresh_from_db()
    assert publication.title_en == "A delegation from Catalonia visits Qamishlo"
    assert publication.body_en == (
        "<p>The delegation arrived on Monday. It met <strong>the partners</strong> in the city.</p>"
    )
    assert publication.summary_en == "[en] زيارة تضامنية."
    assert publication.state_en == Publication.State.PUBLISHED
    page.goto(f"{live_server.url}{publication.get_absolute_url('en')}")
    assert page.locator("h1").inner_text() == "A delegation from Catalonia visits Qamishlo"
    page.screenshot(path=output_dir / "published-en.png", full_page=True)


def start_worker(log_path) -> subprocess.Popen:
    """A second worker like the one of the celery_worker_process fixture."""
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
        "DATABASE_URL": root_conftest.test_database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "diplomacy", "worker", "-Q", "translation",
            "--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--loglevel=INFO", "-n", "second@%h",
        ],
        cwd=root_conftest.ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_a_worker_killed_in_the_middle_of_a_job_does_not_lose_it(
    worker_engine, celery_worker_process, output_dir
):
    from diplomacy.celery import app
    from diplomacy.translation.tasks import requeue_stale_translation_jobs

    worker_engine.answers = ["slow"]
    worker_engine.delay = 30
    publication = arabic_publication()
    deadline = time.monotonic() + 30
    while not worker_engine.requests and time.monotonic() < deadline:
        time.sleep(0.1)
    assert worker_engine.requests, "the worker never called the engine"
    # The worker is waiting for the engine's answer: kill it without a chance to clean up.
    celery_worker_process.send_signal(signal.SIGKILL)
    celery_worker_process.wait(timeout=10)
    job = TranslationJob.objects.get(object_id=str(publication.pk))
    assert job.state == TranslationJob.State.QUEUED

    second = start_worker(output_dir / "second-worker.log")
    try:
        root_conftest._wait_until_ready(app)
        # The job is still queued; the periodic sweep sends it again once it looks stale.
        TranslationJob.objects.filter(pk=job.pk).update(
            updated_at=timezone.now() - timedelta(hours=2)
        )
        assert requeue_stale_translation_jobs() == 1
        job = wait_for_state({"pk": job.pk}, "machine_draft")
        assert job.segments.count() == 4
        assert set(job.segments.values_list("state", flat=True)) == {"draft"}
        assert len(worker_engine.requests) == 2
        # A redelivery of the first message (after the visibility timeout) finds the job
        # done and changes nothing.
        from diplomacy.translation.tasks import prefill_translation_job

        prefill_translation_job.delay(job.pk)
        time.sleep(2)
        assert len(worker_engine.requests) == 2
        assert TranslationJob.objects.filter(object_id=str(publication.pk)).count() == 1
    finally:
        second.terminate()
        second.wait(timeout=15)
