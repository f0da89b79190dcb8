from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def site_chrome(request: HttpRequest) -> dict:
    """What the base layout needs on every page: the other languages of this page.

    Worked out only if the page shows them: pages that know their own translations (an
    article has a slug per language) pass `alternates` and this is never computed."""
    current = translation.get_language()

    def alternates() -> list[dict]:
        return [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": translate_url(request.path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]

    return {
        "language_alternates": SimpleLazyObject(alternates),
        "base_url": f"{request.scheme}://{request.get_host()}",
    }
