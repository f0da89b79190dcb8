"""What the search index holds, declared by the apps that store it: each registers a
reindexer from its AppConfig.ready(), and a rebuild (diplomacy/lexicon/services.py)
walks them in order, batch by batch.

    register_search_reindexer(SearchReindexer("publications", count, reindex_batch))

`count()` says how many rows there are; `reindex_batch(after_id=…, size=…)` rebuilds
the search columns of the next `size` rows by id after `after_id` and returns how many
it did and the last id (0, after_id when none are left)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchReindexer:
    key: str
    count: Callable[[], int]
    reindex_batch: Callable[..., tuple[int, int]]


_reindexers: dict[str, SearchReindexer] = {}


def register_search_reindexer(reindexer: SearchReindexer) -> SearchReindexer:
    _reindexers[reindexer.key] = reindexer
    return reindexer


def search_reindexers() -> list[SearchReindexer]:
    return list(_reindexers.values())
