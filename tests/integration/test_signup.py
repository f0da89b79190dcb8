import re
from email.header import decode_header, make_header
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "zaytun-w-sumac-2021"


def parts(message):
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_type()] = part.get_payload(decode=True).decode(
                part.get_content_charset()
            )
    return found


def test_sign_up_in_arabic_confirm_by_email_and_log_in(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ar/accounts/signup/",
            {
                "email": "layla@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "preferred_language": "ar",
                "full_name": "ليلى",
            },
        )
    assert response.status_code == 302

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "layla@example.org"
    assert str(make_header(decode_header(message["Subject"]))) == "أكّد عنوان بريدك الإلكتروني"
    bodies = parts(message)
    assert "text/plain" in bodies and "text/html" in bodies
    assert 'dir="rtl"' in bodies["text/html"] and 'lang="ar"' in bodies["text/html"]
    assert "افتح هذا الرابط" in bodies["text/plain"]

    link = re.search(r"https?://\S+/ar/accounts/confirm-email/\S+/", bodies["text/plain"]).group(0)
    path = urlparse(link).path
    assert client.get(path).status_code == 200
    client.post(path)
    client.logout()

    response = client.post(
        "/ar/accounts/login/", {"login": "layla@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/my/"
    assert (
        "ليلى" in client.get("/ar/my/").content.decode() or client.get("/ar/my/").status_code == 200
    )


def test_english_speaker_gets_english_email_even_when_signing_up_on_an_arabic_page(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ar/accounts/signup/",
            {
                "email": "sam@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "preferred_language": "en",
            },
        )
    [message] = smtp_server.wait_for(1)
    assert str(make_header(decode_header(message["Subject"]))) == "Confirm your email address"
    bodies = parts(message)
    assert 'dir="ltr"' in bodies["text/html"]
    assert "/en/accounts/confirm-email/" in bodies["text/plain"]


def test_password_reset_email_is_in_the_users_language(
    client, smtp_server, user, django_capture_on_commit_callbacks
):
    user.preferred_language = "ar"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": user.email})
    [message] = smtp_server.wait_for(1)
    assert str(make_header(decode_header(message["Subject"]))) == "إعادة تعيين كلمة المرور"
    assert "/ar/accounts/password/reset/key/" in parts(message)["text/plain"]


def test_signup_errors_are_shown_next_to_the_field_and_input_is_kept(client):
    response = client.post(
        "/ar/accounts/signup/",
        {
            "email": "not-an-email",
            "password1": PASSWORD,
            "password2": "different",
            "preferred_language": "ar",
            "full_name": "سامي",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="not-an-email"' in html
    assert 'value="سامي"' in html
    assert 'aria-invalid="true"' in html


def test_sign_up_succeeds_while_the_mail_server_refuses_and_the_mail_leaves_when_it_is_back(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from diplomacy.notifications.models import Notification
    from diplomacy.notifications.services import notifications_sweep

    smtp_server.refuse_with = "421 Service not available"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {"email": "hevi@example.org", "password1": PASSWORD, "password2": PASSWORD,
             "preferred_language": "en"},
        )  # fmt: skip
    assert response.status_code == 302
    assert smtp_server.messages == []
    waiting = Notification.objects.get(email="hevi@example.org")
    assert waiting.status == "pending" and "421" in waiting.last_error

    smtp_server.refuse_with = None
    Notification.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    notifications_sweep(older_than_seconds=0)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "hevi@example.org"
    assert "/en/accounts/confirm-email/" in parts(message)["text/plain"]
    notifications_sweep(older_than_seconds=0)
    assert len(smtp_server.messages) == 1
