"""Values kept in Redis until the rows they were computed from change.

A value is stored with the generation of its rows it was computed in; whatever changes
those rows bumps the generation (`generation_bump_now_and_after_commit`), so a value of
an older one is computed again. The generation and the value come back in one round trip
to Redis. Used for the programs' search corpus and the review queue's counts: the public
pages have their own generation (diplomacy/pagecache.py).
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def kept_for_generation(
    generation_key: str, key: str, compute: Callable[[], T], *, timeout: int
) -> T:
    """`compute()`, from the cache while `generation_key` holds the generation it was
    computed in (at most `timeout` seconds)."""
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    stored = found.get(key)
    if generation is not None and stored is not None and stored[0] == generation:
        return stored[1]
    if generation is None:  # never set, or evicted: from now on, this one
        generation = cache.get_or_set(generation_key, 1, timeout=None)
    value = compute()
    cache.set(key, (generation, value), timeout)
    return value


def generation_bump(generation_key: str) -> None:
    """Every value kept under `generation_key` is stale from now on."""
    try:
        cache.incr(generation_key)
    except ValueError:  # not in the cache (yet, or any more)
        cache.set(generation_key, 2, timeout=None)


def generation_bump_now_and_after_commit(generation_key: str) -> None:
    """Rows were written: bumped now, so this process sees its own change, and again
    after commit, so a value computed meanwhile from the rows before it is not kept."""
    generation_bump(generation_key)
    transaction.on_commit(lambda: generation_bump(generation_key))
