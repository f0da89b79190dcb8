"""Caching of anonymous public pages, and its invalidation.

Public pages are cached per language for anonymous visitors. Rather than deleting keys
one by one, every cached page carries the current *generation* number in its key; a
content change bumps the generation and every older entry is simply never read again
(Redis expires it). A change to a model the apps declare public bumps it after commit
(diplomacy/pagecache_invalidation.py).

`PublicPageCacheMiddleware` does the caching; `PAGE_CACHE_SECONDS` (0 = off; on in
production) sets how long a page lives at most. The pages live in a cache of their own
(`PAGE_CACHE_ALIAS`, a Redis database apart from the broker and the rate-limit counters).

Floods of made-up URLs cannot grow it: a page is keyed on the query parameters its view
reads (`PAGE_CACHE_QUERY_PARAMETERS`, by URL name; others are dropped before the view
runs), a view not listed there is cached only without a query string, and at most
`PAGE_CACHE_MAX_QUERY_VARIANTS` URLs with a query string are stored per generation.
"""

import functools
import gzip
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware import http as django_http
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_path

from diplomacy.accounts.language import remember_language

GENERATION_KEY = "public-pages:generation"
VARIANTS_KEY = "public-pages:variants:{generation}"
logger = logging.getLogger(__name__)
T = TypeVar("T")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


class _RequestGeneration(threading.local):
    """The generation a request has read: a page asks Redis once, however many pieces of
    public data it reads, and shows them all from one generation. Kept only between
    request_started and request_finished: a task or a shell always reads it afresh."""

    in_request = False
    generation: int | None = None


_request_generation = _RequestGeneration()


@receiver(request_started, dispatch_uid="pagecache-request-started")
def _request_started(**kwargs: object) -> None:
    _request_generation.in_request, _request_generation.generation = True, None


@receiver(request_finished, dispatch_uid="pagecache-request-finished")
def _request_finished(**kwargs: object) -> None:
    _request_generation.in_request, _request_generation.generation = False, None


def public_pages_generation() -> int:
    if _request_generation.generation is not None:
        return _request_generation.generation
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    if _request_generation.in_request:
        _request_generation.generation = int(generation)
    return int(generation)


def public_pages_changed() -> None:
    recent_pages.forget()  # this process sees the change at once; the others, see RecentPages
    _request_generation.generation = None  # this request reads the new one, if at all
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def generation_followed() -> bool:
    """Whether anything reads the generation: the page cache or the public data cache."""
    return settings.PAGE_CACHE_SECONDS > 0 or settings.PUBLIC_DATA_CACHE


def cached_for_generation(
    key: str,
    compute: Callable[[], T],
    *,
    timeout: int = 86_400,
    keep: Callable[[T], bool] | None = None,
    still_valid: Callable[[T], bool] | None = None,
) -> T:
    """What `compute()` returns, computed once per generation of the public pages: for
    data a public page shows that only changes when public content does (filter choices,
    a list's count, a rendered section). A change to public content bumps the generation,
    so it is never stale; kept in the page cache's Redis database, next to the pages.
    Computed every time when PUBLIC_DATA_CACHE is off. A value `keep` refuses is not
    stored (what a made-up URL answers must not grow Redis); a stored one `still_valid`
    refuses is computed again."""
    return cached_many_for_generation(
        {key: compute}, timeout=timeout, keep=keep, still_valid=still_valid
    )[key]


def cached_many_for_generation(
    computes: dict[str, Callable[[], T]],
    *,
    timeout: int = 86_400,
    keep: Callable[[T], bool] | None = None,
    still_valid: Callable[[T], bool] | None = None,
) -> dict[str, T]:
    """`cached_for_generation` for several keys at once, in two Redis round trips (the
    generation, then every value); the missing ones are computed in the order given."""
    if not settings.PUBLIC_DATA_CACHE:
        return {key: compute() for key, compute in computes.items()}
    cache = page_cache()
    generation = public_pages_generation()
    versioned = {key: f"public-data:{key}:{generation}" for key in computes}
    found = cache.get_many(list(versioned.values()))
    values: dict[str, T] = {}
    for key, compute in computes.items():
        value = found.get(versioned[key])
        if value is None or (still_valid is not None and not still_valid(value)):
            value = compute()
            if keep is None or keep(value):
                cache.set(versioned[key], value, timeout)
        values[key] = value
    return values


def cached_for_generation_until(
    key: str,
    compute: Callable[[], tuple[T, datetime | None]],
    *,
    now: datetime,
    timeout: int = 86_400,
) -> T:
    """Like `cached_for_generation`, for data that also changes with time (the upcoming
    sessions: one leaves the list when it ends). `compute()` returns the value and the
    first moment it may change (None: only a change of content changes it); from that
    moment on it is computed again."""
    value, _changes_at = cached_for_generation(
        f"until:{key}",
        compute,
        timeout=timeout,
        still_valid=lambda stored: stored[1] is None or stored[1] > now,
    )
    return value


# --- The middleware ---------------------------------------------------------------------
#
# It sits early in MIDDLEWARE, right after compression and conditional GET: a hit is
# answered before the session, locale, CSRF, authentication and message middlewares do
# any work, so it costs little more than a static file. Whether a request may be served
# from the cache is decided from its cookies alone (no session cookie, no messages
# cookie), never from a session. On a miss the request goes on through every middleware
# to the view, and on its way back the page is stored when nothing in it is personal.

# Headers kept with a cached page (the middlewares inside this one do not run on a hit);
# the language cookie is set again on every hit, the outer middlewares (security headers,
# the Content-Security-Policy, conditional GET) run on hits too.
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Last-Modified",
                  "ETag")  # fmt: skip
# A response whose Cache-Control says any of these is never stored.
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
# Longer query strings (made-up search terms, junk parameters) are served uncached.
MAX_QUERY_STRING = 256
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# What Redis holds per page: the generation it was rendered in, the gzipped body and the
# headers a hit sends (its ETag, of the uncompressed body, among them).
StoredPage = tuple[int, bytes, list[tuple[str, str]]]


class RecentPages:
    """The pages this process served lately, and the generation it last read from Redis.

    A hit that asks Redis costs twice the CPU of a static file, most of it in the client.
    With PAGE_CACHE_GENERATION_SECONDS > 0 a process trusts the generation it read for
    that long and answers hits from memory: a visitor may get, for that long after an
    edit made in another process, the page as it was a moment before. Every edit made in
    this process is seen at once (`public_pages_changed` calls `forget`). Production: 1 s.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.clock = time.monotonic
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._trusted_until = 0.0
        self._pages: OrderedDict[str, StoredPage] = OrderedDict()

    def trusted_generation(self) -> int | None:
        if self._generation is None or self.clock() >= self._trusted_until:
            return None
        return self._generation

    def trust(self, generation: int) -> None:
        seconds = settings.PAGE_CACHE_GENERATION_SECONDS
        if seconds <= 0:
            return
        with self._lock:
            if generation != self._generation:
                self._pages.clear()  # all of another generation: never served again
            self._generation = generation
            self._trusted_until = self.clock() + seconds

    def get(self, key: str, generation: int) -> StoredPage | None:
        with self._lock:
            stored = self._pages.get(key)
            if stored is None or stored[0] != generation:
                return None
            self._pages.move_to_end(key)
            return stored

    def keep(self, key: str, stored: StoredPage) -> None:
        if settings.PAGE_CACHE_GENERATION_SECONDS <= 0 or stored[0] != self._generation:
            return
        with self._lock:
            self._pages[key] = stored
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._generation = None
            self._pages.clear()


# About 5 KB each, gzipped: a few MB per process at most.
recent_pages = RecentPages(size=500)


class PageLookup:
    """Where a request's page lives in the cache, and what was found there."""

    __slots__ = ("generation", "key", "stored")

    def __init__(self, key: str, generation: int, stored: StoredPage | None) -> None:
        self.key = key
        self.generation = generation
        self.stored = stored


def page_cache_key(request: HttpRequest, language: str) -> str:
    # The host is part of the key: pages print absolute canonical and hreflang URLs.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    # v2: entries stored by earlier code (another tuple) are never read.
    return f"public-page:v2:{language}:{digest}"


@functools.lru_cache(maxsize=512)
def view_name(path_info: str, language: str) -> str | None:
    """The URL name of a path, or None. Only a page with a query string needs it, on every
    hit: resolving costs a fifth of a search page's hit, and a few paths take queries (the
    bound keeps made-up paths from growing it)."""
    # The language decides which language-prefixed patterns match.
    with translation.override(language):
        try:
            return resolve(path_info).view_name
        except Resolver404:
            return None


def cacheable_query(request: HttpRequest, language: str) -> str | None:
    """The query string that makes this page distinct: the parameters its view reads (the
    last value of each, in a fixed order), or None when the page must not be cached (a
    view not listed in PAGE_CACHE_QUERY_PARAMETERS, asked with a query string)."""
    if not request.META.get("QUERY_STRING"):
        return ""
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS.get(view_name(request.path_info, language))
    if allowed is None:
        return None
    query = request.GET
    return urlencode([(name, query[name]) for name in sorted(allowed) if name in query])


def private_path(path_after_language: str) -> bool:
    return any(
        path_after_language.startswith(prefix) for prefix in settings.PAGE_CACHE_PRIVATE_PATHS
    )


def signed_in(request: HttpRequest) -> bool:
    # `user` is missing when a middleware inside this one answered before authentication.
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class PublicPageCacheMiddleware:
    """Serves anonymous GET requests for public /ar/… and /en/… pages from Redis.

    Stored: status 200 responses to anonymous requests without a session or messages
    cookie, that set no cookie (except the language cookie, which is set again on every
    hit), touched no CSRF token (a form with a token is never stored), and whose
    Cache-Control does not say private/no-store/no-cache. Views opt out with
    `@never_cache` or `@cache_control(private=True)`.

    Never stored and sent `Cache-Control: private, no-store`: every response to a
    signed-in person, and the paths in PAGE_CACHE_PRIVATE_PATHS (/my/, /accounts/).
    The admin and other unprefixed paths are never stored; what they answer to a
    signed-in person without a Cache-Control of its own gets `private, no-store`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = get_language_from_path(request.path_info)
        if language is None:
            response = self.get_response(request)
            # The admin marks most of its pages never_cache, not all (its password change
            # pages): nothing answered to a signed-in person may be kept by a cache.
            if not response.has_header("Cache-Control") and signed_in(request):
                patch_cache_control(response, private=True, no_store=True)
            return response
        rest = request.path_info[len(language) + 2 :]
        if private_path(rest):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response

        lookup = self._look_up(request, language) if self._may_serve(request) else None
        if lookup is not None and lookup.stored is not None:
            return self._rebuild(lookup.stored, request, language)
        response = self.get_response(request)
        if signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        elif (
            lookup is not None
            and request.method == "GET"
            and self._storable(request, response)
            and self._within_variant_budget(request, lookup.generation)
        ):
            self._store(lookup, response)
        return response

    @staticmethod
    def _may_serve(request: HttpRequest) -> bool:
        # Decided from the cookies alone, without loading a session: a visitor with a
        # session (signed in, or in the middle of a sign-up) or with pending messages is
        # always served fresh.
        cookies = request.COOKIES
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
            and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies
        )

    @staticmethod
    def _look_up(request: HttpRequest, language: str) -> PageLookup | None:
        query = cacheable_query(request, language)
        if query is None:
            return None
        if query != request.META.get("QUERY_STRING", ""):
            # The view sees only what makes the page distinct: junk parameters cannot
            # reach its links, and the page is the one stored under this key.
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)
        key = page_cache_key(request, language)
        generation = recent_pages.trusted_generation()
        if generation is not None and (stored := recent_pages.get(key, generation)):
            return PageLookup(key, generation, stored)
        try:
            # One round trip: the current generation and the page. An entry stored
            # under an older generation is stale and simply overwritten.
            found = page_cache().get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or public_pages_generation()
        except Exception:  # the cache is an optimization: serve the page without it
            logger.exception("page cache: Redis did not answer")
            return None
        recent_pages.trust(generation)
        stored = found.get(key)
        if stored is None or stored[0] != generation:
            return PageLookup(key, generation, None)
        recent_pages.keep(key, stored)
        return PageLookup(key, generation, stored)

    @staticmethod
    def _within_variant_budget(request: HttpRequest, generation: int) -> bool:
        """Pages without a query string are as many as the content; those with one are
        counted, and past PAGE_CACHE_MAX_QUERY_VARIANTS per generation not stored."""
        if not request.META.get("QUERY_STRING"):
            return True
        cache = page_cache()
        key = VARIANTS_KEY.format(generation=generation)
        try:
            cache.add(key, 0, settings.PAGE_CACHE_SECONDS)
            return cache.incr(key) <= settings.PAGE_CACHE_MAX_QUERY_VARIANTS
        except Exception:
            logger.exception("page cache: could not count a variant")
            return False

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.has_header("Content-Encoding"):
            return False  # only ever the case if a middleware inside compressed it
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page carries a CSRF token
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "added_new", False):
            return False
        if any(name != settings.LANGUAGE_COOKIE_NAME for name in response.cookies):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES)

    @staticmethod
    def _store(lookup: PageLookup, response: HttpResponse) -> None:
        # Unchanged since it was stored: what conditional requests compare against.
        response["Last-Modified"] = http_date()
        # Weak: the same ETag names the gzipped and the plain body. Set here, the miss
        # carries the ETag its hits will carry (ConditionalGetMiddleware keeps it).
        # A view's own ETag (the article's, known before rendering) is kept: the revisit
        # the view would answer 304 is answered 304 from the cache too.
        content = response.content
        if not response.has_header("ETag"):
            response["ETag"] = f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        # Hits answer in either encoding: the Vary they carry is settled once, here.
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = [(name, response[name]) for name in STORED_HEADERS if response.has_header(name)]
        # Stored compressed: most visitors accept gzip, so a hit costs no compression.
        # (These pages hold no secret, so BREACH-style padding is not needed.)
        compressed = gzip.compress(content, compresslevel=6, mtime=0)
        stored: StoredPage = (lookup.generation, compressed, headers)
        try:
            page_cache().set(lookup.key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("page cache: could not store a page")
        else:
            recent_pages.keep(lookup.key, stored)
            response["X-Page-Cache"] = "miss"

    @staticmethod
    def _rebuild(stored: StoredPage, request: HttpRequest, language: str) -> HttpResponse:
        _generation, compressed, headers = stored
        response = HttpResponse()
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        remember_language(request, response, language)
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            # A browser revisiting the page: judged on the stored validators, before the
            # body is decompressed or sent (ConditionalGetMiddleware lets a 304 through).
            conditional = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=parse_http_date_safe(response["Last-Modified"]),
                response=response,
            )
            if conditional is not response:
                conditional["X-Page-Cache"] = "hit"
                return conditional
        accepts_gzip = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
        content = compressed if accepts_gzip else gzip.decompress(compressed)
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(content))
        if request.method != "HEAD":
            response.content = content
        return response


class ConditionalGetMiddleware(django_http.ConditionalGetMiddleware):
    """Django's ConditionalGetMiddleware, which leaves page-cache hits alone: a hit was
    judged on its stored validators when it was rebuilt (PublicPageCacheMiddleware
    answered 304 there when they matched), and judging it again — parsing its
    Last-Modified, comparing its ETag — was a seventh of what a hit costs beyond a
    static file."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.get("X-Page-Cache") == "hit":
            return response
        return super().process_response(request, response)
