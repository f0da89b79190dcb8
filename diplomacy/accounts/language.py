"""The language cookie: which language `/` sends a visitor back to."""

import functools
import time
from http.cookies import Morsel

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Set the cookie to the language of the page visited, unless it already says so."""
    name = settings.LANGUAGE_COOKIE_NAME
    if request.COOKIES.get(name) != language:
        # A copy: Django's set_cookie changes a response's cookie in place.
        response.cookies[name] = language_cookie(language, int(time.time())).copy()


@functools.lru_cache(maxsize=4)
def language_cookie(language: str, now: int) -> Morsel:
    """The cookie as Django's set_cookie makes it at second `now`, made once a second per
    language: making it (the date of its expiry above all) was a tenth of the CPU of a
    page-cache hit, which sets it for every visitor who does not have it yet."""
    response = HttpResponse()
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    # set_cookie dates the expiry from the clock it reads itself, a moment after `now`.
    cookie["expires"] = http_date(now + settings.LANGUAGE_COOKIE_AGE)
    return cookie


@receiver(setting_changed, dispatch_uid="language-cookie-settings")
def _language_cookie_settings_changed(*, setting: str, **kwargs: object) -> None:
    # Tests change the cookie's settings (override_settings); a server never does.
    if setting.startswith("LANGUAGE_COOKIE"):
        language_cookie.cache_clear()
