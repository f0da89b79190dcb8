"""Failed jobs in one place: emails, translation jobs and image renditions that failed
for good are listed for the administrators, in Arabic and English, and retried."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from diplomacy.accounts.roles import ADMINISTRATORS, EDITORS
from diplomacy.audit.models import AuditEntry
from diplomacy.notifications.models import Notification
from diplomacy.operations.models import FailedTask
from diplomacy.translation.models import TranslationJob
from publications.models import Publication
from publications.tasks import render_cover_renditions
from tests.factories import StaffFactory
from tests.publications.factories import PublicationFactory
from tests.uploads import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    person = StaffFactory(email="operator@example.org", preferred_language="ar")
    person.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def failed_rendition(media) -> tuple[Publication, FailedTask]:
    """A cover whose file went missing: the rendition task fails after its retries."""
    publication = PublicationFactory()
    Publication.objects.filter(pk=publication.pk).update(cover_image="publications/gone.png")
    last_try = render_cover_renditions.max_retries  # its automatic retries used up
    result = render_cover_renditions.apply(args=[publication.pk], retries=last_try, throw=False)
    assert result.failed()
    return publication, FailedTask.objects.get(task_name=render_cover_renditions.name)


@pytest.fixture
def failed_notification(administrator) -> Notification:
    return Notification.objects.create(
        type_key="delegations.application_received",
        target_content_type=ContentType.objects.get_for_model(administrator),
        target_object_id=str(administrator.pk),
        email="reader@example.org", language="ar", idempotency_key="failed-jobs-test",
        status=Notification.Status.FAILED, attempts=5, last_error="SMTP 554 refused",
    )  # fmt: skip


def test_a_rendition_that_fails_for_good_is_kept_once(failed_rendition):
    publication, failed = failed_rendition
    assert failed.arguments == [publication.pk]
    assert failed.error.startswith("FileNotFoundError")
    assert FailedTask.objects.count() == 1


@pytest.mark.parametrize("language", ["ar", "en"])
def test_administrators_see_every_kind_of_failed_job(
    client, administrator, failed_rendition, failed_notification, language
):
    client.force_login(administrator)
    with translation.override(language):
        url = reverse("operations:failed_jobs")
    html = client.get(url).content.decode()
    assert f'lang="{language}"' in html
    expected = {
        "ar": ["المهام المتعثرة", "مقاسات صورة غلاف منشور", ">أعد المحاولة<", "5 محاولات"],
        "en": ["Failed jobs", "Image sizes of a publication", ">Retry<", "5 attempts"],
    }[language]
    for words in expected:
        assert words in html
    assert "reader@example.org" in html and "SMTP 554 refused" in html


def test_retrying_a_rendition_runs_it_again_and_is_audited(
    client, administrator, failed_rendition, media, django_capture_on_commit_callbacks
):
    publication, failed = failed_rendition
    default_storage.save("publications/gone.png", ContentFile(png_bytes((600, 400))))
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("operations:failed_job_retry", args=["task", failed.pk]))

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.retried_by == administrator
    publication.refresh_from_db()
    assert publication.cover_renditions_of == "publications/gone.png"
    assert AuditEntry.objects.filter(
        action="operations.failed_task_retried", actor=administrator
    ).exists()
    # Retried once: a second click finds nothing left to retry.
    again = client.post(reverse("operations:failed_job_retry", args=["task", failed.pk]))
    assert again.status_code == 404


def test_retrying_an_email_and_a_translation_job_queues_them_again(
    client, administrator, failed_notification
):
    job = TranslationJob.objects.create(
        content_type=ContentType.objects.get_for_model(administrator),
        object_id=str(administrator.pk), source_language="ar", target_language="en",
        state=TranslationJob.State.FAILED, failure_reason="engine down",
    )  # fmt: skip
    client.force_login(administrator)
    client.post(reverse("operations:failed_job_retry", args=["translation", job.pk]))
    client.post(
        reverse("operations:failed_job_retry", args=["notification", failed_notification.pk])
    )

    failed_notification.refresh_from_db()
    job.refresh_from_db()
    assert failed_notification.status == Notification.Status.PENDING
    assert job.state == TranslationJob.State.QUEUED
    assert set(AuditEntry.objects.filter(actor=administrator).values_list("action", flat=True)) == {
        "notification.retried",
        "translation.job_retried",
    }


def test_staff_without_the_permission_are_refused(client, failed_rendition):
    editor = StaffFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    _publication, failed = failed_rendition
    assert client.get(reverse("operations:failed_jobs")).status_code == 403
    retry = reverse("operations:failed_job_retry", args=["task", failed.pk])
    assert client.post(retry).status_code == 403
    failed.refresh_from_db()
    assert failed.retried_at is None
