from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def site_chrome(request: HttpRequest) -> dict:
    """What the base layout needs on every page: the other languages of this page."""
    current = translation.get_language()
    alternates = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(request.path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "language_alternates": alternates,
        "base_url": f"{request.scheme}://{request.get_host()}",
    }
