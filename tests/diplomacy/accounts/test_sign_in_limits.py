"""The admin signs in through allauth; failed sign-ins are throttled per account and per
client; client addresses behind the proxy are the ones the proxy vouches for."""

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

THROTTLED = {
    "ar": "محاولات دخول فاشلة كثيرة. انتظروا بضع دقائق ثم حاولوا من جديد.",
    "en": "Too many failed sign-in attempts. Wait a few minutes, then try again.",
}


@pytest.fixture
def sign_in_limits(settings):
    """The production limits (the test settings turn them off), from an empty cache."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    yield
    cache.clear()


def test_admin_login_is_allauths_sign_in_with_the_page_asked_for(client):
    response = client.get("/admin/partners/organization/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/partners/organization/"
    response = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2Fpartners%2Forganization%2F"


def test_admin_login_refuses_a_next_url_on_another_host(client):
    response = client.get("/admin/login/?next=https://evil.example/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Location"] == "/ar/accounts/login/?next=%2Fadmin%2F"


def test_admin_login_for_a_signed_in_person_without_admin_access_is_refused_not_looped(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_admin_logout_signs_out_through_allauth(client):
    client.force_login(StaffFactory())
    response = client.post("/admin/logout/")
    assert response.status_code == 307
    assert response["Location"].endswith("/accounts/logout/")
    client.post(response["Location"])
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("language", ["ar", "en"])
def test_thirty_wrong_passwords_for_one_account_are_throttled(client, sign_in_limits, language):
    member = StaffFactory(preferred_language=language)
    url = f"/{language}/accounts/login/"
    messages = []
    for attempt in range(30):
        response = client.post(
            url,
            {"login": member.email, "password": f"wrong {attempt}"},
            REMOTE_ADDR=f"10.0.{attempt}.1",  # a different client each time: the account limit
        )
        assert response.status_code == 200
        messages.append(THROTTLED[language] in response.content.decode())
    assert messages[:5] == [False] * 5
    assert all(messages[5:])
    # Even the right password waits now: guessing cannot go on by luck.
    right = client.post(url, {"login": member.email, "password": PASSWORD})
    assert THROTTLED[language] in right.content.decode()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_thirty_wrong_passwords_from_one_client_are_throttled(client, sign_in_limits, language):
    url = f"/{language}/accounts/login/"
    throttled = []
    for attempt in range(30):
        response = client.post(url, {"login": f"guess{attempt}@example.org", "password": "wrong"})
        throttled.append(THROTTLED[language] in response.content.decode())
    assert throttled[:10] == [False] * 10
    assert all(throttled[10:])


# --- Client addresses behind the reverse proxy -------------------------------------------


def subscribe_status(client, forwarded_for: str) -> int:
    """One newsletter sign-up (limited to 10 an hour per client address)."""
    return client.post(
        "/en/notifications/subscribe/",
        {"email": "not-an-address"},
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR=forwarded_for,
    ).status_code


def test_two_clients_behind_the_proxy_have_their_own_buckets(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    assert [subscribe_status(client, "198.51.100.7") for _ in range(10)] == [200] * 10
    assert subscribe_status(client, "198.51.100.7") == 429
    # Another visitor, behind the same proxy, is not held back by the first.
    assert subscribe_status(client, "203.0.113.9") == 200
    # The first visitor cannot escape by prepending an address of their choosing: the
    # proxy appends what it saw, and that is the entry we read.
    assert subscribe_status(client, "192.0.2.44, 198.51.100.7") == 429
    cache.clear()


def test_sign_in_limits_count_the_client_the_proxy_saw(client, settings, sign_in_limits):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def attempt(forwarded_for: str, n: int) -> bool:
        response = client.post(
            "/en/accounts/login/",
            {"login": f"guess{n}@example.org", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )
        return THROTTLED["en"] in response.content.decode()

    assert not any(attempt("198.51.100.7", n) for n in range(10))
    assert attempt("198.51.100.7", 10)
    assert attempt("192.0.2.1, 198.51.100.7", 11)
    assert not attempt("203.0.113.9", 12)


def test_the_same_client_address_for_allauth_and_django_ratelimit(rf, settings):
    from django_ratelimit.core import _get_ip

    from diplomacy.client_address import client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
    assert _get_ip(request) == "198.51.100.7"
