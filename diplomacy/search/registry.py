"""What a search provider is and which ones the portal asks.

A provider has a `key` (used in ?kind=), a `label`, and
`search(*, query: ParsedQuery, language: str, offset: int, limit: int) -> SearchResults`.
Its hits carry a snippet already made safe with `diplomacy.text.highlight()`. Apps
declare their providers in their portal.py (diplomacy/plugins.py).
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import Protocol

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from diplomacy.plugins import app_contributions
from diplomacy.search.query import ParsedQuery


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    snippet: SafeString
    language: str
    date: datetime.date | None = None
    label: str | Promise = ""  # providers give it translated (str): shown as is

    # The date as the results page shows it, worked out here rather than with the
    # template's `date` filter: the filter's lookups cost more than the formatting, and a
    # page shows up to fifteen hits.
    @property
    def date_iso(self) -> str:
        """For <time datetime>: the template's date:'Y-m-d'."""
        return self.date.isoformat() if self.date else ""

    @property
    def date_shown(self) -> str:
        """In the active language's DATE_FORMAT: the template's date:"DATE_FORMAT"."""
        return _date_shown(self.date, translation.get_language()) if self.date else ""


@functools.lru_cache(maxsize=4096)
def _date_shown(date: datetime.date, language: str | None) -> str:
    """formats.date_format(date) in `language`, the active one: the same text for the
    same date every time (month names come from the compiled catalogues)."""
    return formats.date_format(date)


@dataclass
class SearchResults:
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    capped: bool = False  # there are more matches than `total`


class SearchProvider(Protocol):
    key: str
    label: str | Promise

    def search(
        self, *, query: ParsedQuery, language: str, offset: int, limit: int
    ) -> SearchResults: ...


def search_providers() -> list[SearchProvider]:
    """The providers the apps declare in their portal.py, in INSTALLED_APPS order."""
    return [
        provider
        for contribution in app_contributions()
        for provider in contribution.search_providers
    ]
