import functools

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
    codes = tuple(code for code, _name in settings.LANGUAGES)
    return {
        "language_alternates": SimpleLazyObject(lambda: _alternates(request.path, current, codes)),
        "base_url": f"{request.scheme}://{request.get_host()}",
    }


@functools.lru_cache(maxsize=1024)
def _alternates(path: str, current: str, codes: tuple[str, ...]) -> tuple[dict, ...]:
    """The page at `path` in each language of `codes`, on a page in the `current`
    language (which decides how the path resolves): translate_url's answer is the same
    every time for a process's URLs, and resolving and reversing cost a tenth of a
    search page's template. Bounded: a made-up path is one entry among 1,024.
    Templates only read the entries."""
    return tuple(
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code in codes
    )
