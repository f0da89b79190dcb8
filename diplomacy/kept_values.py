"""Values kept until the rows they were computed from change.

A value is stored with the generation of its rows it was computed in; whatever changes
those rows bumps the generation (`generation_bump_now_and_after_commit`), so a value of
an older one is computed again. The value is kept twice: in Redis, for every process,
and in this process's memory, so that a request that finds the generation unchanged
reads no value from Redis (nor unpickles it). A request reads each generation from Redis
once, however many values it asks for under it. Used for the programs' search corpus,
and the review queue's counts and coordinators: the public pages have their own
generation (diplomacy/pagecache.py).

A generation starts at a random number, not at 1: after Redis lost its keys (a restart,
an eviction), a generation set anew never equals one a process still holds values of.
"""

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver

T = TypeVar("T")

# Values this process computed or read, as Redis holds them (generation, value, computed
# at by time.time()), the oldest first. Callers must not change a value they are
# given: the next request gets it too.
KEPT_HERE_AT_MOST = 512
_kept_here: OrderedDict[str, tuple[int, Any, float]] = OrderedDict()
_kept_here_lock = threading.Lock()


class _RequestGenerations(threading.local):
    """The generations the current request read: asked of Redis once per request."""

    in_request = False

    def __init__(self) -> None:
        self.read: dict[str, int] = {}


_request_generations = _RequestGenerations()


@receiver(request_started, dispatch_uid="kept-values-request-started")
def _request_started(**kwargs: object) -> None:
    _request_generations.in_request, _request_generations.read = True, {}


@receiver(request_finished, dispatch_uid="kept-values-request-finished")
def _request_finished(**kwargs: object) -> None:
    _request_generations.in_request, _request_generations.read = False, {}


def kept_for_generation(
    generation_key: str, key: str, compute: Callable[[], T], *, timeout: int
) -> T:
    """`compute()`, kept while `generation_key` holds the generation it was computed in,
    and at most `timeout` seconds."""
    here = _kept_here.get(key)
    generation = _request_generations.read.get(generation_key)
    if here is not None and here[2] + timeout > time.time():
        if generation is None:  # only the generation is needed from Redis
            generation = _generation_read(generation_key)
        if here[0] == generation:
            return here[1]
    found = cache.get_many([key] if generation is not None else [generation_key, key])
    if generation is None:
        generation = _generation_found(generation_key, found.get(generation_key))
    stored = found.get(key)
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == generation):
        stored = (generation, compute(), time.time())
        cache.set(key, stored, timeout)
    _remember_here(key, stored)
    return stored[1]


def _generation_read(generation_key: str) -> int:
    return _generation_found(generation_key, cache.get(generation_key))


def _generation_found(generation_key: str, generation: int | None) -> int:
    """The generation as Redis gave it, remembered for the rest of the request; when it
    was never set, or lost, a new one from now on."""
    if generation is None:
        generation = cache.get_or_set(generation_key, _new_generation(), timeout=None)
    if _request_generations.in_request:
        _request_generations.read[generation_key] = generation
    return generation


def _remember_here(key: str, kept: tuple[int, Any, float]) -> None:
    with _kept_here_lock:
        _kept_here[key] = kept
        _kept_here.move_to_end(key)
        while len(_kept_here) > KEPT_HERE_AT_MOST:
            _kept_here.popitem(last=False)


def _new_generation() -> int:
    return secrets.randbits(48)


def generation_bump(generation_key: str) -> None:
    """Every value kept under `generation_key` is stale from now on."""
    _request_generations.read.pop(generation_key, None)  # this request reads the new one
    try:
        cache.incr(generation_key)
    except ValueError:  # not in the cache (yet, or any more)
        cache.set(generation_key, _new_generation(), timeout=None)


def generation_bump_now_and_after_commit(generation_key: str) -> None:
    """Rows were written: bumped now, so this process sees its own change, and again
    after commit, so a value computed meanwhile from the rows before it is not kept."""
    generation_bump(generation_key)
    transaction.on_commit(lambda: generation_bump(generation_key))
