"""What a search provider is and which ones the portal asks.

A provider has a `key` (used in ?kind=), a `label`, and
`search(*, query: ParsedQuery, language: str, offset: int, limit: int) -> SearchResults`.
Its hits carry a snippet already made safe with `diplomacy.text.highlight()`.
"""

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.functional import Promise
from django.utils.safestring import SafeString

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


_providers: dict[str, SearchProvider] = {}


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    _providers[provider.key] = provider
    return provider


def search_providers() -> list[SearchProvider]:
    return list(_providers.values())
