"""The whole pipeline on the real services: PostgreSQL, Redis, a Celery worker process,
the local LibreTranslate-API server, and Chromium for the translator's approval."""

import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from diplomacy.accounts.roles import EDITORS, TRANSLATORS, sync_role_permissions
from diplomacy.translation.models import TranslationJob
from publications.models import Publication
from tests.factories import StaffFactory
from tests.publications.factories import PublicationFactory
from tests.translation.conftest import LibreTranslateServer

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

    title = targets.nth(3)
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
