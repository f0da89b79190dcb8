"""Rate limits and caches fail open to a local fallback when Redis is away."""

import time

import pytest
from django.core.cache import caches

from tests.diplomacy.jobs.conftest import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_away(settings):
    """Every cache alias points at a port nobody listens on."""
    port = closed_port()
    settings.CACHES = {
        alias: {**config, "LOCATION": f"redis://127.0.0.1:{port}/0"}
        for alias, config in settings.CACHES.items()
    }
    return port


def test_counters_keep_counting_in_memory_while_redis_is_away(redis_away):
    cache = caches["default"]
    assert cache.add("hits", 0, 60)
    assert cache.incr("hits") == 1
    assert cache.incr("hits") == 2
    assert cache.get("hits") == 2
    assert cache.using_fallback
    with pytest.raises(ValueError):
        cache.incr("never-set")


def test_the_page_cache_caches_nothing_while_redis_is_away(redis_away):
    cache = caches["pages"]
    cache.set("page", "html", 60)
    assert cache.get("page") is None


def test_a_redis_that_is_away_costs_one_failed_connection_not_one_per_call(redis_away):
    cache = caches["default"]
    started = time.monotonic()
    for number in range(200):
        cache.set(f"key-{number}", number, 60)
        cache.get(f"key-{number}")
    assert time.monotonic() - started < 2


def test_the_newsletter_form_works_and_is_still_limited_while_redis_is_away(client, redis_away):
    answers = [
        client.post(
            "/en/notifications/subscribe/",
            {"email": f"reader{number}@example.org", "language": "en"},
        ).status_code
        for number in range(12)
    ]
    # The limit (10 an hour from one network) is counted in the process meanwhile.
    assert answers == [302] * 10 + [429] * 2


def test_health_reports_the_cache_as_failing_while_it_serves_from_the_fallback(client, redis_away):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]


def test_one_redis_client_serves_every_call_of_a_cache():
    # Django builds a client per call; ours reuses it (a page-cache hit's CPU is mostly
    # its round trip to Redis).
    client = caches["pages"]._cache
    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client()
    caches["pages"].set("reused", 1, 60)
    assert caches["pages"].get("reused") == 1
