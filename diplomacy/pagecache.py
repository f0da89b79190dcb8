"""Caching of anonymous public pages, and its invalidation.

Public pages are cached per language for anonymous visitors. Rather than deleting keys
one by one, every cached page carries the current *generation* number in its key; a
content change bumps the generation and every older entry is simply never read again
(Redis expires it). Apps call `public_pages_changed()` after a change visible to the
public commits (publishing, unpublishing, editing).
"""

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def public_pages_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def public_pages_changed() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
