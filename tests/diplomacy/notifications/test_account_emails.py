"""allauth's own emails (verification, password reset) follow the person's language too,
whatever the language of the page the request came from."""

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page_language", "preferred", "subject", "link_prefix"),
    [
        ("ar", "en", "Reset your password", "/en/"),
        ("en", "ar", "إعادة تعيين كلمة المرور", "/ar/"),
    ],
)
def test_password_reset_mail_in_the_users_language(
    client, django_capture_on_commit_callbacks, page_language, preferred, subject, link_prefix
):
    person = UserFactory(preferred_language=preferred)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{page_language}/accounts/password/reset/", {"email": person.email}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == subject
    link = next(word for word in message.body.split() if "/password/reset/key/" in word)
    assert link.split("://", 1)[1].split("/", 1)[1].startswith(link_prefix.lstrip("/"))


def test_verification_mail_in_the_chosen_language_from_an_arabic_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ar/accounts/signup/",
            {
                "email": "sam@example.org",
                "password1": "zaytun-w-sumac-2021",
                "password2": "zaytun-w-sumac-2021",
                "preferred_language": "en",
                "full_name": "Sam",
            },
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"]
    assert not any("\u0600" <= char <= "\u06ff" for char in message.subject + message.body)
    assert "/en/accounts/" in message.body
