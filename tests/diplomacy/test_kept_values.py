"""Values kept until their rows change (diplomacy/kept_values.py), against the test Redis."""

import time

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from diplomacy.kept_values import generation_bump, kept_for_generation

GENERATION = "tests:kept:generation"
KEY = "tests:kept:value"


@pytest.fixture
def computed():
    """How often the value was computed, and the function computing it."""
    calls = []

    def compute():
        calls.append(1)
        return f"value {len(calls)}"

    generation_bump(GENERATION)  # nothing kept from another test
    return calls, compute


def kept(compute, *, timeout=60):
    return kept_for_generation(GENERATION, KEY, compute, timeout=timeout)


def test_a_value_is_computed_again_only_once_its_generation_changed(computed):
    calls, compute = computed
    assert kept(compute) == kept(compute) == "value 1"
    generation_bump(GENERATION)
    assert kept(compute) == kept(compute) == "value 2"
    assert len(calls) == 2


def test_the_process_keeps_the_value_and_reads_only_the_generation_from_redis(computed):
    calls, compute = computed
    kept(compute)
    cache.delete(KEY)  # another process's copy gone: this one still holds it
    assert kept(compute) == "value 1"
    assert len(calls) == 1


def test_a_request_reads_each_generation_once(computed):
    calls, compute = computed
    request_started.send(sender=None)
    try:
        kept(compute)
        cache.incr(GENERATION)  # another process changed the rows meanwhile
        assert kept(compute) == "value 1"  # this request goes on with what it read
    finally:
        request_finished.send(sender=None)
    assert kept(compute) == "value 2"  # the next one reads the generation again
    assert len(calls) == 2


def test_after_redis_lost_its_keys_no_value_of_before_is_taken_for_current(computed):
    calls, compute = computed
    kept(compute)
    cache.delete_many([GENERATION, KEY])  # a restart of Redis, an eviction
    assert kept(compute) == "value 2"  # a new generation, never the one before
    assert len(calls) == 2


def test_a_value_is_kept_at_most_its_timeout(computed, monkeypatch):
    calls, compute = computed
    kept(compute, timeout=60)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    cache.delete(KEY)  # as Redis lets it expire
    assert kept(compute, timeout=60) == "value 2"
    assert len(calls) == 2
