"""What the stored search index holds, declared by the apps that store it in their
portal.py (diplomacy/plugins.py); a rebuild (diplomacy/lexicon/services.py) walks them in
order, batch by batch:

    search_reindexers=(SearchReindexer("publications", count, reindex_batch),)

`count()` says how many rows there are; `reindex_batch(after_id=…, size=…)` rebuilds
the search columns of the next `size` rows by id after `after_id` and returns how many
it did and the last id (0, after_id when none are left)."""

from collections.abc import Callable
from dataclasses import dataclass

from diplomacy.plugins import app_contributions


@dataclass(frozen=True)
class SearchReindexer:
    key: str
    count: Callable[[], int]
    reindex_batch: Callable[..., tuple[int, int]]


def search_reindexers() -> list[SearchReindexer]:
    """The reindexers the apps declare, in INSTALLED_APPS order."""
    return [
        reindexer
        for contribution in app_contributions()
        for reindexer in contribution.search_reindexers
    ]
