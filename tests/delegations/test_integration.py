"""The real thing: a Celery worker process, Redis, an SMTP server, and concurrent requests."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.header import decode_header, make_header

import pytest
from django.db import close_old_connections, connection

from delegations import services
from delegations.models import Application, ApplicationState
from delegations.tasks import purge_expired_personal_data
from diplomacy.audit.models import AuditEntry
from diplomacy.notifications.models import Notification
from tests.delegations.conftest import make_coordinator
from tests.delegations.factories import ApplicationFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
S = ApplicationState


def wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_part(message) -> str:
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def test_each_step_mails_each_recipient_once_in_their_language(smtp_server, celery_worker_process):
    # The Head of delegations hears of every new application and assigns it.
    coordinator = make_coordinator(lead=True, preferred_language="en")
    applicant = UserFactory(preferred_language="ar")
    application = ApplicationFactory(applicant=applicant, organization="Rosa Network")

    services.application_submit(application=application, actor=applicant)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    by_address = {message["To"]: message for message in messages}
    assert subject(by_address[applicant.email]) == "استلمنا طلب الوفد الخاص بكم"
    assert "Rosa Network" in text_part(by_address[applicant.email])
    assert subject(by_address[coordinator.email]) == (
        f"Delegation application #{application.pk} awaits review"
    )

    services.application_assign_coordinator(
        application=application, actor=coordinator, coordinator=coordinator
    )
    # Another head acts on it: the assigned coordinator is told all the same.
    other = make_coordinator(lead=True, preferred_language="ar")
    services.application_start_review(application=application, actor=other)
    services.application_request_information(
        application=application, actor=other, note="Who will film?"
    )
    # start_review and request_information: the applicant and the assigned coordinator.
    messages = smtp_server.wait_for(6)
    assert len(messages) == 6
    later = messages[2:]
    to_applicant = [m for m in later if m["To"] == applicant.email]
    to_coordinator = [m for m in later if m["To"] == coordinator.email]
    assert len(to_applicant) == len(to_coordinator) == 2
    assert {subject(m) for m in to_applicant} == {
        "طلب الوفد الخاص بكم: قيد المراجعة",
        "طلب الوفد الخاص بكم: مطلوب معلومات إضافية",
    }
    assert {subject(m) for m in to_coordinator} == {
        f"Delegation application #{application.pk}: Under review",
        f"Delegation application #{application.pk}: Information requested",
    }
    assert any("Who will film?" in text_part(m) for m in to_applicant)
    time.sleep(1)  # nothing else arrives: each event was mailed once
    assert len(smtp_server.messages) == 6
    assert Notification.objects.filter(status="sent").count() == 6


def test_the_retention_purge_runs_in_the_worker(celery_worker_process, settings):
    from datetime import timedelta

    from django.utils import timezone

    old = ApplicationFactory(
        state=S.COMPLETED,
        closed_at=timezone.now() - timedelta(days=settings.DELEGATIONS_RETENTION_DAYS + 1),
    )
    fresh = ApplicationFactory(state=S.COMPLETED, closed_at=timezone.now())
    purge_expired_personal_data.delay()
    assert wait_until(lambda: Application.objects.get(pk=old.pk).personal_data_purged_at)
    assert not old.members.exists()
    assert fresh.members.exists()


def run_at_once(functions) -> list:
    """Start every function at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))

    def run(function):
        try:
            barrier.wait()
            return function()
        except Exception as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        results = list(pool.map(run, functions))
    close_old_connections()
    return results


def test_fifty_simultaneous_submissions_are_each_stored_once():
    drafts = [ApplicationFactory() for _ in range(50)]
    results = run_at_once(
        [
            lambda draft=draft: services.application_submit(
                application=Application.objects.get(pk=draft.pk), actor=draft.applicant
            )
            for draft in drafts
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    ids = [draft.pk for draft in drafts]
    assert Application.objects.filter(pk__in=ids, state=S.SUBMITTED).count() == 50
    assert (
        AuditEntry.objects.filter(
            action="delegations.application.submit", target_id__in=[str(i) for i in ids]
        ).count()
        == 50
    )
    assert Notification.objects.filter(type_key="delegations.application_submitted").count() == 50


def test_a_double_click_submit_stores_one():
    draft = ApplicationFactory()
    results = run_at_once(
        [
            lambda: services.application_submit(
                application=Application.objects.get(pk=draft.pk), actor=draft.applicant
            )
            for _ in range(2)
        ]
    )
    refused = [r for r in results if isinstance(r, services.TransitionNotAllowed)]
    assert len(refused) == 1
    assert AuditEntry.objects.filter(action="delegations.application.submit").count() == 1
    assert Notification.objects.filter(type_key="delegations.application_submitted").count() == 1


def test_two_first_saves_at_once_make_one_draft():
    applicant = UserFactory()
    results = run_at_once(
        [lambda: services.application_draft_get_or_create(applicant=applicant) for _ in range(5)]
    )
    assert len({r.pk for r in results}) == 1
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.fixture
def beat_process(celery_worker_process, settings, tmp_path):
    """A real Celery beat, running the purge every second (set through the environment)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT, test_database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DELEGATIONS_PURGE_EVERY_SECONDS": "1",
    }
    log = (tmp_path / "beat.log").open("w")
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "diplomacy", "beat",
         "-s", str(tmp_path / "schedule"), "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield beat
    finally:
        beat.terminate()
        try:
            beat.wait(timeout=15)
        except subprocess.TimeoutExpired:
            beat.kill()
        log.close()


def test_beat_purges_expired_personal_data(settings, beat_process):
    from datetime import timedelta

    from django.utils import timezone

    days = settings.DELEGATIONS_RETENTION_DAYS
    expired = ApplicationFactory(
        state=S.DECLINED, closed_at=timezone.now() - timedelta(days=days, hours=1)
    )
    kept = ApplicationFactory(state=S.DECLINED, closed_at=timezone.now() - timedelta(days=days - 1))
    assert wait_until(lambda: Application.objects.get(pk=expired.pk).personal_data_purged_at)
    assert not expired.members.exists()
    expired.refresh_from_db()
    assert expired.statistics["members"] == 1
    assert kept.members.exists()


def test_the_whole_path_mails_applicant_and_coordinator_once_per_step(
    smtp_server, celery_worker_process
):
    from delegations.models import Meeting, MeetingStatus
    from tests.delegations.test_itinerary import OrganizationMaker, at

    assigned = make_coordinator(preferred_language="en")
    # Someone other than the assigned coordinator acts: a Head of delegations.
    acting = make_coordinator(lead=True, preferred_language="en")
    application = ApplicationFactory(
        state=S.SUBMITTED, coordinator=assigned, applicant=UserFactory(preferred_language="ar")
    )
    steps = [
        services.application_start_review,
        services.application_approve,
        services.application_schedule,
        services.application_start_visit,
        services.application_complete,
    ]
    for number, step in enumerate(steps, start=1):
        if step is services.application_schedule:
            Meeting.objects.create(
                application=application, organization=OrganizationMaker.make(),
                starts_at=at(41, 10), ends_at=at(41, 11), place="Qamishlo",
                status=MeetingStatus.CONFIRMED,
            )  # fmt: skip
        step(application=application, actor=acting, note="")
        assert len(smtp_server.wait_for(2 * number)) == 2 * number
    time.sleep(1)
    messages = smtp_server.messages
    assert len(messages) == 10
    to_applicant = [subject(m) for m in messages if m["To"] == application.applicant.email]
    to_assigned = [subject(m) for m in messages if m["To"] == assigned.email]
    from django.utils import translation

    with translation.override("ar"):
        states = [S.UNDER_REVIEW, S.APPROVED, S.SCHEDULED, S.IN_PROGRESS, S.COMPLETED]
        assert to_applicant == [f"طلب الوفد الخاص بكم: {state.label}" for state in states]
    assert to_applicant[0] == "طلب الوفد الخاص بكم: قيد المراجعة"
    assert len(to_assigned) == 5 and all(
        s.startswith("Delegation application #") for s in to_assigned
    )
    assert not [m for m in messages if m["To"] == acting.email]
