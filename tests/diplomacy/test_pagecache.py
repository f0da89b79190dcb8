"""The public page cache: anonymous pages per language, never anything personal."""

import gzip
from contextlib import nullcontext

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import cache_control

from diplomacy.pagecache import (
    PublicPageCacheMiddleware,
    public_pages_changed,
    public_pages_generation,
)
from diplomacy.pages.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    # A generation of its own: entries cached by earlier tests are never read.
    public_pages_changed()


def test_an_anonymous_page_is_served_from_the_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    first = client.get("/en/about/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/about/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "en"
    assert second["X-Frame-Options"]  # the outer middlewares still run on a hit


def test_a_hit_is_sent_gzipped_to_those_who_accept_it(client, page_cache):
    plain = client.get("/en/about/").content
    response = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == plain
    assert int(response["Content-Length"]) == len(response.content)


def test_each_language_has_its_own_entry(client, page_cache):
    client.get("/ar/about/")
    client.get("/en/about/")
    arabic, english = client.get("/ar/about/"), client.get("/en/about/")
    assert arabic["X-Page-Cache"] == english["X-Page-Cache"] == "hit"
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert '<html lang="en" dir="ltr">' in english.content.decode()


def test_a_hit_still_remembers_the_language_in_its_cookie(client, page_cache):
    client.get("/en/about/")
    client.cookies.clear()
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies["lang"].value == "en"


def test_head_is_answered_from_the_cached_get(client, page_cache):
    client.get("/en/about/")
    response = client.head("/en/about/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_the_parameters_a_view_reads_are_part_of_the_key(client, page_cache):
    client.get("/en/publications/")
    assert client.get("/en/publications/?page=2").get("X-Page-Cache") == "miss"
    assert client.get("/en/publications/?page=2").get("X-Page-Cache") == "hit"


def test_other_parameters_are_ignored_and_never_reach_the_view(client, page_cache):
    first = client.get("/en/publications/?kind=news&utm_source=evil")
    assert first["X-Page-Cache"] == "miss"
    assert "utm_source" not in first.content.decode()
    again = client.get("/en/publications/?utm_campaign=x&kind=news")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


def test_a_view_without_declared_parameters_is_uncached_with_a_query_string(client, page_cache):
    client.get("/en/about/?page=2")
    assert "X-Page-Cache" not in client.get("/en/about/?page=2")
    assert client.get("/en/about/")["X-Page-Cache"] == "miss"


def test_editing_content_invalidates_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    client.get("/en/about/")
    generation = public_pages_generation()
    about = Page.objects.get(key=Page.ABOUT)
    about.title_en = "About our center"
    with django_capture_on_commit_callbacks(execute=True):
        about.save()
    assert public_pages_generation() == generation + 1
    response = client.get("/en/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About our center" in response.content.decode()


def test_public_pages_changed_invalidates_cached_pages(client, page_cache):
    client.get("/ar/about/")
    public_pages_changed()
    assert client.get("/ar/about/")["X-Page-Cache"] == "miss"


def test_signed_in_people_are_never_served_or_stored_and_get_no_store(client, page_cache, user):
    anonymous = client.get("/en/about/").content.decode()
    client.force_login(user)
    for _ in range(2):
        response = client.get("/en/about/")
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert "Sign out" in response.content.decode()
    assert "Sign out" not in anonymous
    client.logout()
    client.cookies.clear()
    assert "Sign out" not in client.get("/en/about/").content.decode()


@pytest.mark.parametrize("path", ["/en/accounts/login/", "/ar/accounts/signup/", "/en/my/"])
def test_account_and_personal_paths_are_never_cached(client, page_cache, path):
    for _ in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_admin_and_unprefixed_paths_are_left_alone(client, page_cache):
    response = client.get("/healthz")
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_missing_pages_are_not_stored(client, page_cache):
    client.get("/en/no-such-page/")
    assert "X-Page-Cache" not in client.get("/en/no-such-page/")


def test_a_long_query_string_is_served_uncached(client, page_cache):
    path = "/en/about/?q=" + "x" * 300
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_pages_are_served_when_redis_fails(client, page_cache, monkeypatch):
    from diplomacy.pagecache import page_cache as pages

    cache = pages()

    def fail(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", fail)
    response = client.get("/en/about/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_nothing_is_cached_when_switched_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/about/")
    assert "X-Page-Cache" not in client.get("/en/about/")


def test_a_visitor_with_pending_messages_gets_a_fresh_page(client, page_cache):
    client.get("/en/about/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/en/about/")


# --- The rules for storing, on the middleware itself -----------------------------------


def run_middleware(rf, view, path="/en/about/", cookies=None):
    """The middleware around `view`, with what the middlewares inside it add to the
    request (the user, the session, the messages)."""
    request = rf.get(path)
    request.COOKIES.update(cookies or {})

    def handler(request):
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return view(request)

    return PublicPageCacheMiddleware(handler)(request)


def stored_after(rf, view) -> bool:
    run_middleware(rf, view)
    return run_middleware(rf, lambda request: HttpResponse("fresh")).get("X-Page-Cache") == "hit"


def test_a_plain_public_page_is_stored(rf, page_cache):
    assert stored_after(rf, lambda request: HttpResponse("page"))


def test_a_page_with_a_csrf_token_is_not_stored(rf, page_cache):
    def form_view(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    assert not stored_after(rf, form_view)


def test_a_page_that_sets_a_cookie_is_not_stored(rf, page_cache):
    def view(request):
        response = HttpResponse("page")
        response.set_cookie("tracking", "1")
        return response

    assert not stored_after(rf, view)


def test_a_page_that_adds_a_message_is_not_stored(rf, page_cache):
    def view(request):
        get_messages(request).add(20, "Saved")
        return HttpResponse("page")

    assert not stored_after(rf, view)


def test_a_page_that_writes_the_session_is_not_stored(rf, page_cache):
    def view(request):
        request.session["step"] = 2
        return HttpResponse("page")

    assert not stored_after(rf, view)


def test_a_view_can_opt_out_with_cache_control(rf, page_cache):
    view = cache_control(private=True)(lambda request: HttpResponse("page"))
    assert not stored_after(rf, view)


def test_a_session_cookie_bypasses_the_cache(rf, page_cache, settings):
    run_middleware(rf, lambda request: HttpResponse("page"))
    response = run_middleware(
        rf, lambda request: HttpResponse("fresh"), cookies={settings.SESSION_COOKIE_NAME: "x"}
    )
    assert response.content == b"fresh"


# --- Floods of made-up URLs -----------------------------------------------------------


def stored_page_keys() -> list[bytes]:
    from diplomacy.pagecache import page_cache as pages

    cache = pages()
    client = cache._cache.get_client(None, write=False)
    return list(client.scan_iter(match=f"{cache.key_prefix}:*public-page:*", count=1000))


@pytest.fixture
def empty_page_cache(page_cache):
    from diplomacy.pagecache import page_cache as pages

    cache = pages()
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=1000):
        client.delete(key)
    public_pages_changed()


def test_ten_thousand_junk_query_strings_leave_the_cache_bounded(
    client, empty_page_cache, settings
):
    settings.PAGE_CACHE_MAX_QUERY_VARIANTS = 30
    pages = ["/en/publications/", "/ar/publications/", "/en/partners/", "/en/programs/"]
    for number in range(9_800):
        client.get(f"{pages[number % 4]}?junk{number}={number}&utm_source={number}")
    # Undeclared views with a query string and distinct search words (a declared,
    # free-text parameter): these go up against the per-generation budget.
    for number in range(100):
        client.get(f"/en/about/?x={number}")
    for number in range(100):
        client.get(f"/en/search/?q=word{number}")
    keys = stored_page_keys()
    # The four listing pages once each, plus at most the budget of query variants.
    assert len(keys) <= 4 + 30, len(keys)
    assert len(keys) >= 4


def test_the_page_cache_is_apart_from_the_broker_and_the_counters(settings):
    from django.core.cache import caches

    pages = caches[settings.PAGE_CACHE_ALIAS]._cache._servers
    counters = caches["default"]._cache._servers
    assert pages != counters
    assert settings.CELERY_BROKER_URL not in pages + counters


def test_redis_databases_are_derived_and_each_configurable(monkeypatch):
    from diplomacy.settings.base import redis_database_url, redis_settings

    assert redis_database_url("redis://cache.internal:6379/3", 2) == "redis://cache.internal:6379/5"
    assert redis_database_url("redis://cache.internal:6379", 1) == "redis://cache.internal:6379/1"
    derived = redis_settings("redis://r:6379/0")
    assert derived["CELERY_BROKER_URL"] == "redis://r:6379/0"
    assert derived["CACHES"]["default"]["LOCATION"] == "redis://r:6379/1"
    assert derived["CACHES"]["pages"]["LOCATION"] == "redis://r:6379/2"
    monkeypatch.setenv("CACHE_REDIS_URL", "redis://pages.internal:6380/0")
    monkeypatch.setenv("BROKER_URL", "redis://queue.internal:6381/0")
    configured = redis_settings("redis://r:6379/0")
    assert configured["CACHES"]["pages"]["LOCATION"] == "redis://pages.internal:6380/0"
    assert configured["CELERY_BROKER_URL"] == "redis://queue.internal:6381/0"


# --- Conditional requests -------------------------------------------------------------


@pytest.mark.parametrize("cached", [False, True], ids=["page cache off", "page cache on"])
def test_an_unchanged_page_answers_not_modified(
    client, settings, cached, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    public_pages_changed()
    first = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["ETag"]
    # From the cache, the answer costs no query; without it, the view runs again.
    with nullcontext() if not cached else django_assert_num_queries(0):
        again = client.get(
            "/en/about/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
        )
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_is_sent_again_with_a_new_etag(client, page_cache):
    first = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    Page.objects.filter(key=Page.ABOUT).update(title_en="About the center, renamed")
    public_pages_changed()
    again = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_a_cached_page_says_since_when_it_is_unchanged(client, page_cache):
    stored = client.get("/en/about/")
    assert stored["Last-Modified"]
    hit = client.get("/en/about/", HTTP_IF_MODIFIED_SINCE=stored["Last-Modified"])
    assert hit.status_code == 304


def test_a_hit_carries_the_headers_of_the_page_it_was_stored_from(client, page_cache, settings):
    miss = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    client.cookies.clear()  # a new visitor, whose language cookie is set on the hit
    hit = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for name in ("Content-Type", "Content-Language", "Content-Encoding", "X-Frame-Options",
                 "Content-Security-Policy", "Permissions-Policy", "ETag", "Last-Modified"):  # fmt: skip
        assert hit[name] == miss[name], name
    assert set(hit["Vary"].split(", ")) == set(miss["Vary"].split(", "))
    assert hit.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_revisit_is_answered_not_modified_from_the_stored_validators(client, page_cache):
    stored = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    client.cookies.clear()  # a visitor without the language cookie yet
    # Without gzip too: the stored (compressed) body is not needed to answer.
    again = client.get("/en/about/", HTTP_IF_NONE_MATCH=stored["ETag"])
    assert (again.status_code, again["X-Page-Cache"]) == (304, "hit")
    assert again.content == b""
    assert again["ETag"] == stored["ETag"]
    assert again["Last-Modified"] == stored["Last-Modified"]
    assert "Accept-Encoding" in again["Vary"]
    assert again.cookies["lang"].value == "en"
    other = client.get("/en/about/", HTTP_IF_NONE_MATCH='W/"another"')
    assert (other.status_code, other["X-Page-Cache"]) == (200, "hit")
    assert other.content == client.get("/en/about/").content


def test_a_miss_carries_the_validators_its_hits_will_carry(client, page_cache):
    miss = client.get("/en/about/")  # no gzip: the ETag is still the stored, weak one
    hit = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss["ETag"] == hit["ETag"] and miss["ETag"].startswith('W/"')
    assert "Accept-Encoding" in miss["Vary"]


def test_a_session_cookie_is_never_answered_from_the_cache_even_when_revisiting(
    client, page_cache, user
):
    stored = client.get("/en/about/", HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(user)
    response = client.get("/en/about/", HTTP_IF_NONE_MATCH=stored["ETag"])
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
