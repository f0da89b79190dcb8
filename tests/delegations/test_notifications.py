import pytest

from delegations import services
from delegations.models import ApplicationState
from diplomacy.notifications.emails import notification_render
from diplomacy.notifications.models import Notification
from diplomacy.notifications.registry import get_type
from tests.delegations.factories import ApplicationFactory

S = ApplicationState


@pytest.mark.django_db
def test_every_message_renders_in_both_languages_with_a_link(coordinator):
    application = ApplicationFactory(
        state=S.DRAFT, coordinator=coordinator, organization="Rosa & Partners"
    )
    applicant = application.applicant
    services.application_submit(application=application, actor=applicant)
    services.application_start_review(application=application, actor=coordinator)
    services.message_post(application=application, author=coordinator, body="Passport: X123")
    services.application_request_information(application=application, actor=coordinator, note="Q?")
    services.message_post(application=application, author=applicant, body="Answer")
    keys = set()
    for notification in Notification.objects.filter(target_object_id=str(application.pk)):
        for language in ("ar", "en"):
            notification.language = language
            rendered = notification_render(
                notification=notification, notification_type=get_type(notification.type_key)
            )
            keys.add(notification.type_key)
            assert rendered.subject and "\n" not in rendered.subject
            assert f"/{language}/delegations/" in rendered.text
            assert "&amp;" not in rendered.text  # plain text is not HTML-escaped
            assert "X123" not in rendered.text + rendered.html  # messages stay on the portal
            assert ('dir="rtl"' in rendered.html) == (language == "ar")
    assert keys == {
        "delegations.application_submitted",
        "delegations.application_received",
        "delegations.application_state_changed",
        "delegations.message_received",
    }
