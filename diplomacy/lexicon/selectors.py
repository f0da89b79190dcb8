"""The current lexicon for the analysis, kept in each process and reloaded when staff
change it: a change bumps a version in the shared cache, which every search reads (one
cache read, no SQL query, within the public pages' query budget)."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from diplomacy.arabic_analysis import Lexicon
from diplomacy.lexicon.repository import repository_word_forms

VERSION_KEY = "lexicon:version"


@dataclass
class _LoadedLexicon:
    version: str | None = None
    lexicon: Lexicon | None = None


_loaded = _LoadedLexicon()


def current_lexicon() -> Lexicon:
    from diplomacy.lexicon.models import WordForm

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
