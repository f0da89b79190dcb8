"""The current lexicon for the analysis, kept in each process and reloaded when staff
change it: a change bumps a version in the shared cache, which every search reads (one
cache read, no SQL query, within the public pages' query budget)."""

import datetime
import uuid

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from diplomacy.arabic_analysis import Lexicon
from diplomacy.lexicon.repository import repository_word_forms

VERSION_KEY = "lexicon:version"
_loaded: dict[str, object] = {"version": None, "lexicon": None}


def current_lexicon() -> Lexicon:
    from diplomacy.lexicon.models import WordForm

    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    if _loaded["version"] != version or _loaded["lexicon"] is None:
        pairs = list(WordForm.objects.values_list("form", "base"))
        # An empty table was never seeded (or was flushed by a test): the repository's.
        if not pairs:
            pairs = repository_word_forms()
        _loaded["lexicon"] = Lexicon.from_pairs(pairs)
        _loaded["version"] = version
    return _loaded["lexicon"]


def lexicon_changed(sender=None, **kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _loaded["lexicon"] = None


# A rebuild that made no progress for this long is taken as dead: a new one may start.
STALLED_AFTER = datetime.timedelta(hours=1)


def search_reindexes_running() -> "QuerySet":
    """The rebuilds of the search index under way (at most one, newest first)."""
    from diplomacy.lexicon.models import SearchReindex

    return SearchReindex.objects.filter(
        finished_at__isnull=True, started_at__gte=timezone.now() - STALLED_AFTER
    )
