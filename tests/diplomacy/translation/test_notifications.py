import pytest

from diplomacy.notifications.emails import notification_render
from diplomacy.notifications.models import Notification
from diplomacy.notifications.registry import get_type
from diplomacy.translation.models import TranslationJob
from diplomacy.translation.services import job_fail

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_translator(translator):
    translator.preferred_language = "ar"
    translator.save(update_fields=["preferred_language"])
    return translator


def rendered(type_key: str, recipient):
    notification = Notification.objects.get(type_key=type_key, recipient=recipient)
    return notification_render(notification=notification, notification_type=get_type(type_key))


def test_draft_ready_message_in_the_translators_language(translator, arabic_page):
    job = TranslationJob.objects.get(content_type__model="page", object_id=str(arabic_page.pk))
    message = rendered("translation.job_ready", translator)
    assert (
        message.subject
        == "Translation draft ready for review: تعريف بالمركز وعمله (Arabic to English)"
    )
    assert f"/en/staff/translation/jobs/{job.pk}/" in message.text
    assert f"/en/staff/translation/jobs/{job.pk}/" in message.html


def test_failure_message_in_arabic_with_the_reason(
    arabic_translator, engine_none, django_capture_on_commit_callbacks
):
    from tests.diplomacy.translation.factories import PageFactory

    with django_capture_on_commit_callbacks(execute=False):
        page = PageFactory(title_ar="عنوان")
    job = TranslationJob.objects.get(content_type__model="page", object_id=str(page.pk))
    job_fail(job_id=job.pk, reason="LibreTranslate answered 500: boom")
    message = rendered("translation.job_failed", arabic_translator)
    assert message.subject == "فشلت مهمة الترجمة: عنوان (من العربية إلى الإنجليزية)"
    assert "LibreTranslate answered 500: boom" in message.text
    assert f"/ar/staff/translation/jobs/{job.pk}/" in message.text
