"""Data public pages share (filter choices, a list's count, the rendered filter form) is
kept per generation of the public pages: reused until public content changes, never
after (PUBLIC_DATA_CACHE, on in production)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from diplomacy.pagecache import (
    cached_for_generation,
    cached_for_generation_until,
    cached_many_for_generation,
    public_pages_changed,
)
from diplomacy.taxonomy.models import Sector

pytestmark = pytest.mark.django_db


def counter():
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return compute


def test_kept_until_public_content_changes(settings):
    settings.PUBLIC_DATA_CACHE = True
    key, compute = f"test:{uuid.uuid4().hex}", counter()
    assert cached_for_generation(key, compute) == 1
    assert cached_for_generation(key, compute) == 1
    public_pages_changed()
    assert cached_for_generation(key, compute) == 2


def test_computed_every_time_when_off(settings):
    settings.PUBLIC_DATA_CACHE = False
    key, compute = f"test:{uuid.uuid4().hex}", counter()
    assert [cached_for_generation(key, compute) for _ in range(2)] == [1, 2]


def test_data_that_changes_with_time_is_computed_again_from_the_moment_it_may_change(
    settings,
):
    settings.PUBLIC_DATA_CACHE = True
    key, calls = f"test:{uuid.uuid4().hex}", counter()
    noon = datetime(2026, 11, 30, 12, tzinfo=UTC)

    def compute() -> tuple[int, datetime]:
        return calls(), noon

    before = noon - timedelta(seconds=1)
    assert [cached_for_generation_until(key, compute, now=before) for _ in range(2)] == [1, 1]
    assert cached_for_generation_until(key, compute, now=noon) == 2
    public_pages_changed()
    assert cached_for_generation_until(key, compute, now=before) == 3


def test_data_without_an_end_is_kept_until_public_content_changes(settings):
    settings.PUBLIC_DATA_CACHE = True
    key, calls = f"test:{uuid.uuid4().hex}", counter()
    later = datetime(2100, 1, 1, tzinfo=UTC)
    assert cached_for_generation_until(key, lambda: (calls(), None), now=later) == 1
    assert cached_for_generation_until(key, lambda: (calls(), None), now=later) == 1


def test_the_publication_filters_follow_a_new_sector(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_DATA_CACHE = True
    public_pages_changed()  # nothing kept by an earlier test run
    with translation.override("en"):
        path = reverse("publications:list")
    assert "Water and irrigation" not in client.get(path).content.decode()
    assert "Water and irrigation" not in client.get(path).content.decode()  # kept
    with django_capture_on_commit_callbacks(execute=True):
        Sector.objects.create(slug="water", name_en="Water and irrigation", name_ar="المياه")
    assert "Water and irrigation" in client.get(path).content.decode()


def test_several_kept_at_once_each_computed_once(settings):
    settings.PUBLIC_DATA_CACHE = True
    first, second = f"test:{uuid.uuid4().hex}", f"test:{uuid.uuid4().hex}"
    computes = {first: counter(), second: counter()}
    assert cached_many_for_generation(computes) == {first: 1, second: 1}
    assert cached_many_for_generation(computes) == {first: 1, second: 1}
    public_pages_changed()
    assert cached_many_for_generation(computes) == {first: 2, second: 2}


def test_a_value_refused_by_keep_is_computed_again(settings):
    settings.PUBLIC_DATA_CACHE = True
    key, compute = f"test:{uuid.uuid4().hex}", counter()
    keep_even = lambda value: value % 2 == 0  # noqa: E731
    assert [cached_for_generation(key, compute, keep=keep_even) for _ in range(3)] == [1, 2, 2]


def test_a_request_reads_the_generation_once_a_task_every_time(settings):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from diplomacy.pagecache import GENERATION_KEY, page_cache, public_pages_generation

    generation = public_pages_generation()
    page_cache().incr(GENERATION_KEY)  # another process publishes
    assert public_pages_generation() == generation + 1  # outside a request: afresh
    # The signals of a request, without closing the test's connection (as the test client).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        assert public_pages_generation() == generation + 1
        page_cache().incr(GENERATION_KEY)
        assert public_pages_generation() == generation + 1  # one generation per page
        public_pages_changed()  # this request's own change it sees at once
        assert public_pages_generation() == generation + 3
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    page_cache().incr(GENERATION_KEY)
    assert public_pages_generation() == generation + 4
