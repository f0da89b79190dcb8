"""Every kind of email the portal sends, and every link in it, followed by its recipient.

Each test makes the portal send a message the way it happens in life (a form posted, a
service called by a view or a scheduled job), reads the message that reached a real SMTP
server, takes every link of its text and HTML parts, opens each with the test client as
the recipient (signing in on the way when the link needs it) and asserts the page it
lands on: found, in the recipient's language, and the page that does what the message
says (the new password works, the address is confirmed, the subscription is cancelled).

`EXERCISED` names the test that covers each notification type; a guard fails when a type
is registered that no test here sends.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import StaffFactory, UserFactory
from tests.journeys.mail import in_language, local, origin, the_mail_to

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "zaytun-w-sumac-2021"
NEW_PASSWORD = "sumac-w-zaytun-2026"
LANGUAGES = ["ar", "en"]
OTHER = {"ar": "en", "en": "ar"}
# Links to anything but the portal itself (an online meeting's own address).
EXTERNAL_ALLOWED = ("https://meet.example.org/",)

User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sent(django_capture_on_commit_callbacks, smtp_server):
    """Run what follows the transaction (the outbox delivery, in-process), as a commit
    would: `with sent(): …` then read `smtp_server.messages`."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def person(language: str, **kwargs):
    """Someone with a verified address who can sign in with PASSWORD."""
    someone = UserFactory(preferred_language=language, password=PASSWORD, **kwargs)
    EmailAddress.objects.update_or_create(
        user=someone, email=someone.email, defaults={"verified": True, "primary": True}
    )
    return someone


def staff_member(language: str, *groups: str, **kwargs):
    member = StaffFactory(preferred_language=language, password=PASSWORD, **kwargs)
    EmailAddress.objects.update_or_create(
        user=member, email=member.email, defaults={"verified": True, "primary": True}
    )
    for name in groups:
        member.groups.add(Group.objects.get(name=name))
    return member


def assert_portal_link(link: str, *, expected_origin: str = settings.SITE_URL) -> None:
    assert not link.startswith(EXTERNAL_ALLOWED)
    assert origin(link) == expected_origin, f"{link} does not lead to {expected_origin}"


def page_language(response) -> str:
    match = re.search(r'<html[^>]*\blang="([a-z-]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def open_link(link: str, *, as_person=None, language: str, client: Client | None = None,
              expected_origin: str = settings.SITE_URL):  # fmt: skip
    """Open `link` as its recipient: follow redirects; if it asks to sign in, sign in as
    `as_person` on that page and go on. Asserts the landing page is found and in
    `language`; returns the final response."""
    assert_portal_link(link, expected_origin=expected_origin)
    client = client or Client()
    response = client.get(local(link), follow=True)
    if response.resolver_match and response.resolver_match.url_name == "account_login":
        assert as_person is not None, f"{link} asks an anonymous reader to sign in"
        login_path = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
        response = client.post(
            login_path, {"login": as_person.email, "password": PASSWORD}, follow=True
        )
    assert response.status_code == 200, f"{link} answered {response.status_code}"
    final_path = response.request["PATH_INFO"]
    if (
        final_path.startswith("/admin/")
        or response.get("Content-Type", "").startswith("text/html") is False
    ):
        if response.get("Content-Type", "").startswith("text/html"):
            assert page_language(response) == language
    else:
        assert final_path.startswith(f"/{language}/"), f"{link} landed on {final_path}"
        assert page_language(response) == language
    return response


def landed_on(response) -> str:
    return response.request["PATH_INFO"]


def text_of(response) -> str:
    return response.content.decode()


# --- Accounts (allauth) ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_confirmation_link_confirms_the_address_and_signs_in(client, smtp_server, language):
    # Signing up on a page in the other language: the message follows the person's choice.
    client.post(
        f"/{OTHER[language]}/accounts/signup/",
        {"email": "nour@example.org", "password1": PASSWORD, "password2": PASSWORD,
         "preferred_language": language, "full_name": "Nour"},
    )  # fmt: skip
    mail = the_mail_to(smtp_server, "nour@example.org")
    assert mail.subject == in_language(language, "Confirm your email address")
    link = mail.link_to("/accounts/confirm-email/")
    assert mail.links == [link]
    # Opened in the browser that signed up, as people do: confirming also signs in.
    response = open_link(link, language=language, expected_origin="http://testserver",
                         client=client)  # fmt: skip
    assert in_language(language, "Confirm") in text_of(response)
    response = client.post(local(link), follow=True)
    assert landed_on(response) == f"/{language}/my/"
    assert EmailAddress.objects.get(email="nour@example.org").verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_unconfirmed_sends_a_confirmation_whose_link_confirms(
    client, smtp_server, language
):
    someone = UserFactory(email="rojda@example.org", preferred_language=language,
                          password=PASSWORD)  # fmt: skip
    EmailAddress.objects.create(user=someone, email=someone.email, verified=False, primary=True)
    client.post(f"/{OTHER[language]}/accounts/login/",
                {"login": someone.email, "password": PASSWORD})  # fmt: skip
    mail = the_mail_to(smtp_server, someone.email)
    assert mail.subject == in_language(language, "Confirm your email address")
    link = mail.link_to("/accounts/confirm-email/")
    assert mail.links == [link]
    reader = Client()
    open_link(link, language=language, expected_origin="http://testserver", client=reader)
    reader.post(local(link))
    assert EmailAddress.objects.get(email=someone.email).verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_link_sets_a_new_password_that_signs_in(client, smtp_server, language):
    someone = person(language)
    client.post(f"/{OTHER[language]}/accounts/password/reset/", {"email": someone.email})
    mail = the_mail_to(smtp_server, someone.email)
    assert mail.subject == in_language(language, "Reset your password")
    link = mail.link_to("/accounts/password/reset/key/")
    assert mail.links == [link]
    reader = Client()
    response = open_link(link, language=language, expected_origin="http://testserver",
                         client=reader)  # fmt: skip
    assert in_language(language, "Bad Token") not in text_of(response)
    form_path = landed_on(response)
    response = reader.post(
        form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert landed_on(response) == f"/{language}/accounts/password/reset/key/done/"
    response = Client().post(
        f"/{language}/accounts/login/",
        {"login": someone.email, "password": NEW_PASSWORD},
        follow=True,
    )
    assert landed_on(response) == f"/{language}/my/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_for_an_unknown_address_links_to_sign_up(client, smtp_server, language):
    client.post(f"/{language}/accounts/password/reset/", {"email": "nobody@example.org"})
    mail = the_mail_to(smtp_server, "nobody@example.org")
    (link,) = mail.links
    response = open_link(link, language=language, expected_origin="http://testserver")
    assert landed_on(response) == f"/{language}/accounts/signup/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_with_a_known_address_links_to_password_reset(client, smtp_server, language):
    someone = person(language)
    client.post(
        f"/{OTHER[language]}/accounts/signup/",
        {"email": someone.email, "password1": PASSWORD, "password2": PASSWORD,
         "preferred_language": OTHER[language]},
    )  # fmt: skip
    mail = the_mail_to(smtp_server, someone.email)
    assert all(ord(char) < 0x600 for char in mail.text) == (language == "en")
    (link,) = mail.links
    response = open_link(link, language=language, expected_origin="http://testserver")
    assert landed_on(response) == f"/{language}/accounts/password/reset/"
