"""The language cookie: which language `/` sends a visitor back to."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Set the cookie to the language of the page visited, unless it already says so."""
    cookie = settings.LANGUAGE_COOKIE_NAME
    if request.COOKIES.get(cookie) != language:
        response.set_cookie(
            cookie,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
