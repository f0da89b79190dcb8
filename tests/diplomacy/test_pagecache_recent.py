"""Hits from the process's own memory (PAGE_CACHE_GENERATION_SECONDS, production: 1 s):
no Redis round trip, an edit made here seen at once, one made elsewhere within the window."""

import pytest

from diplomacy import pagecache
from diplomacy.pagecache import GENERATION_KEY, RecentPages, page_cache, public_pages_changed
from diplomacy.pages.models import Page

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(pagecache.recent_pages, "clock", clock)
    return clock


@pytest.fixture
def trusting_cache(settings, clock):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_GENERATION_SECONDS = 1.0
    public_pages_changed()  # a generation of its own, and an empty memory
    yield
    public_pages_changed()


@pytest.fixture
def redis_reads(monkeypatch):
    reads = []
    cache = page_cache()
    original = cache.get_many

    def counted(keys, *args, **kwargs):
        reads.append(list(keys))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    return reads


def change_made_in_another_process() -> None:
    page_cache().incr(GENERATION_KEY)  # what public_pages_changed() does, minus this memory


def test_a_hit_within_the_window_does_not_ask_redis(client, trusting_cache, redis_reads):
    first = client.get("/en/about/")
    assert first["X-Page-Cache"] == "miss"
    asked = len(redis_reads)
    second = client.get("/en/about/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(redis_reads) == asked


def test_after_the_window_the_generation_is_read_again(client, trusting_cache, redis_reads, clock):
    client.get("/en/about/")
    asked = len(redis_reads)
    clock.now += 1.5
    assert client.get("/en/about/")["X-Page-Cache"] == "hit"
    assert len(redis_reads) == asked + 1


def test_an_edit_made_in_this_process_shows_at_once(
    client, trusting_cache, django_capture_on_commit_callbacks
):
    client.get("/en/about/")
    about = Page.objects.get(key=Page.ABOUT)
    about.title_en = "About our center, edited"
    with django_capture_on_commit_callbacks(execute=True):
        about.save()
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About our center, edited" in response.content.decode()


def test_an_edit_made_elsewhere_shows_once_the_window_has_passed(client, trusting_cache, clock):
    client.get("/en/about/")
    change_made_in_another_process()
    # Within the window: the page as it was a moment before.
    assert client.get("/en/about/")["X-Page-Cache"] == "hit"
    clock.now += 1.01
    assert client.get("/en/about/")["X-Page-Cache"] == "miss"


def test_without_a_window_every_hit_asks_redis(client, settings, clock):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_GENERATION_SECONDS = 0
    public_pages_changed()
    client.get("/en/about/")
    change_made_in_another_process()
    assert client.get("/en/about/")["X-Page-Cache"] == "miss"


def test_a_session_cookie_is_never_served_from_memory(client, trusting_cache, settings):
    client.get("/en/about/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "anything"
    assert "X-Page-Cache" not in client.get("/en/about/")


def test_the_memory_keeps_only_the_latest_pages_of_the_latest_generation(settings):
    settings.PAGE_CACHE_GENERATION_SECONDS = 1.0
    recent = RecentPages(size=2)
    recent.trust(7)
    for name in ("a", "b", "c"):
        recent.keep(name, (7, b"page " + name.encode(), []))
    assert recent.get("a", 7) is None
    assert recent.get("c", 7) == (7, b"page c", [])
    recent.keep("old", (6, b"stale", []))
    assert recent.get("old", 6) is None
    recent.trust(8)
    assert recent.get("c", 7) is None
    assert recent.trusted_generation() == 8
