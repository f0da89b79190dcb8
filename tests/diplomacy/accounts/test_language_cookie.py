"""The language cookie is made once a second per language (a page-cache hit sets it for
every new visitor): it must be the cookie Django's set_cookie would make."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from diplomacy.accounts.language import remember_language

NOW = 1_893_456_000.25


def cookie_header(response: HttpResponse) -> str:
    return response.cookies[settings.LANGUAGE_COOKIE_NAME].output(header="")


def test_the_cookie_is_the_one_set_cookie_makes(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: NOW)
    remembered = HttpResponse()
    remember_language(RequestFactory().get("/en/"), remembered, "en")

    made = HttpResponse()
    made.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        "en",
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    assert cookie_header(remembered) == cookie_header(made)
    assert "Max-Age=31536000" in cookie_header(remembered)
    assert "HttpOnly" in cookie_header(remembered)


def test_a_response_that_changes_its_cookie_changes_no_other(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: NOW)
    request = RequestFactory().get("/ar/")
    first, second = HttpResponse(), HttpResponse()
    remember_language(request, first, "ar")
    remember_language(request, second, "ar")

    first.set_cookie(settings.LANGUAGE_COOKIE_NAME, "en")  # changes the cookie in place

    assert second.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    third = HttpResponse()
    remember_language(request, third, "ar")
    assert cookie_header(third) == cookie_header(second)


def test_the_expiry_moves_with_the_clock(monkeypatch):
    request = RequestFactory().get("/ar/")
    monkeypatch.setattr(time, "time", lambda: NOW)
    today = HttpResponse()
    remember_language(request, today, "ar")
    monkeypatch.setattr(time, "time", lambda: NOW + 86_400)
    tomorrow = HttpResponse()
    remember_language(request, tomorrow, "ar")

    assert today.cookies["lang"]["expires"] != tomorrow.cookies["lang"]["expires"]


def test_no_cookie_when_the_visitor_has_it_already():
    request = RequestFactory().get("/ar/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=ar")
    response = HttpResponse()
    remember_language(request, response, "ar")
    assert not response.cookies


def test_a_changed_setting_changes_the_cookie_within_the_same_second(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: NOW)
    request = RequestFactory().get("/en/")
    before = HttpResponse()
    remember_language(request, before, "en")
    with override_settings(LANGUAGE_COOKIE_AGE=60):
        changed = HttpResponse()
        remember_language(request, changed, "en")

    assert "Max-Age=60" in cookie_header(changed)
    assert "Max-Age=60" not in cookie_header(before)
