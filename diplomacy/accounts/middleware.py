from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import get_language_from_path


class PreferredLanguageMiddleware:
    """Language outside the /ar/ and /en/ prefixes, and remembering the visitor's choice.

    Pages without a language prefix (the admin, mostly) follow a signed-in person's
    preferred language. Visiting a prefixed page remembers that language in a cookie, so
    that `/` sends the visitor back to the language they chose last.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path_language = get_language_from_path(request.path_info)
        user = getattr(request, "user", None)
        if path_language is None and user is not None and user.is_authenticated:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if path_language and request.COOKIES.get(cookie) != path_language:
            response.set_cookie(
                cookie,
                path_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=True,
            )
        return response
