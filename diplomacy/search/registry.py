"""What a search provider is and which ones the portal asks.

A provider has a `key` (used in ?kind=), a `label`, and
`search(*, query: ParsedQuery, language: str, offset: int, limit: int) -> SearchResults`.
Its hits carry a snippet already made safe with `diplomacy.text.highlight()`. Apps
declare their providers in their portal.py (diplomacy/plugins.py).
"""

import datetime
from dataclasses import dataclass, field
from typing import Protocol

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
    label: str | Promise = ""


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
