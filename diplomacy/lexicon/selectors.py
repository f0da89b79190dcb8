"""The current lexicon for the analysis, kept in each process and reloaded when staff
change it: a change bumps a version in the shared cache, which a process reads at most
once a second (no SQL query, within the public pages' query budget). A search page
asks for the lexicon many times (query, every snippet, every provider): one Redis round
trip each cost a quarter of its time."""

import datetime
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from diplomacy.arabic_analysis import Lexicon
from diplomacy.lexicon.repository import repository_word_forms

if TYPE_CHECKING:
    from diplomacy.lexicon.models import SearchReindex

VERSION_KEY = "lexicon:version"
# Another process's change is seen within this many seconds; this process's at once.
VERSION_CHECK_SECONDS = 1.0


@dataclass
class _LoadedLexicon:
    version: str | None = None
    lexicon: Lexicon | None = None
    checked_at: float = 0.0


_loaded = _LoadedLexicon()


def current_lexicon() -> Lexicon:
    from diplomacy.lexicon.models import WordForm

    now = time.monotonic()
    if _loaded.lexicon is not None and now - _loaded.checked_at < VERSION_CHECK_SECONDS:
        return _loaded.lexicon
    _loaded.checked_at = now
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    if _loaded.version != version or _loaded.lexicon is None:
        pairs = list(WordForm.objects.values_list("form", "base"))
        # An empty table was never seeded (or was flushed by a test): the repository's.
        if not pairs:
            pairs = repository_word_forms()
        _loaded.lexicon = Lexicon.from_pairs(pairs)
        _loaded.version = version
    return _loaded.lexicon


def lexicon_changed(sender: Any = None, **kwargs: Any) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _loaded.lexicon = None


# A rebuild that made no progress for this long is taken as dead: a new one may start.
STALLED_AFTER = datetime.timedelta(hours=1)


def search_reindexes_running() -> "QuerySet[SearchReindex]":
    """The rebuilds of the search index under way (at most one, newest first)."""
    from diplomacy.lexicon.models import SearchReindex

    return SearchReindex.objects.filter(
        finished_at__isnull=True, started_at__gte=timezone.now() - STALLED_AFTER
    )
