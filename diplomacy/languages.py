"""The portal's languages, from the settings only.

`site_languages()` are the languages pages are served in (settings.LANGUAGES, read at
call time). `CONTENT_LANGUAGES` are those translated content has columns for
(modeltranslation's languages, which the settings derive from LANGUAGES): a database
schema, fixed when the process starts.
"""

from django.conf import settings
from modeltranslation.settings import AVAILABLE_LANGUAGES

CONTENT_LANGUAGES: tuple[str, ...] = tuple(AVAILABLE_LANGUAGES)


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """The language's name in the active language ("Arabic", «العربية»), from the settings."""
    return str(dict(settings.LANGUAGES).get(code, code))
