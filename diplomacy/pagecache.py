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

import gzip
import hashlib
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from diplomacy.accounts.language import remember_language

GENERATION_KEY = "public-pages:generation"
VARIANTS_KEY = "public-pages:variants:{generation}"
logger = logging.getLogger(__name__)
T = TypeVar("T")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def public_pages_generation() -> int:
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def public_pages_changed() -> None:
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def generation_followed() -> bool:
    """Whether anything reads the generation: the page cache or the public data cache."""
    return settings.PAGE_CACHE_SECONDS > 0 or settings.PUBLIC_DATA_CACHE


def cached_for_generation(key: str, compute: Callable[[], T], *, timeout: int = 86_400) -> T:
    """What `compute()` returns, computed once per generation of the public pages: for
    data a public page shows that only changes when public content does (filter choices,
    a list's count, a rendered section). A change to public content bumps the generation,
    so it is never stale; kept in the page cache's Redis database, next to the pages
    themselves. Computed every time when PUBLIC_DATA_CACHE is off."""
    return _cached_for_generation(key, lambda: (compute(), None), now=None, timeout=timeout)


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
    return _cached_for_generation(key, compute, now=now, timeout=timeout)


def _cached_for_generation(
    key: str,
    compute: Callable[[], tuple[T, datetime | None]],
    *,
    now: datetime | None,
    timeout: int,
) -> T:
    if not settings.PUBLIC_DATA_CACHE:
        return compute()[0]
    cache = page_cache()
    # Not "public-data:…": entries of the earlier format (one key per generation) may
    # still be in Redis after a deployment, and hold the bare value.
    data_key = f"public-data-by-generation:{key}"
    # One round trip: the current generation and what is stored, with the generation it
    # was computed in (a page shows several of these: a round trip each, not two).
    found = cache.get_many([GENERATION_KEY, data_key])
    generation = found.get(GENERATION_KEY) or public_pages_generation()
    stored = found.get(data_key)
    if (
        stored is None
        or stored[0] != generation
        or (now is not None and stored[2] is not None and stored[2] <= now)
    ):
        value, changes_at = compute()
        stored = (generation, value, changes_at)
        cache.set(data_key, stored, timeout)
    return stored[1]


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
STORED_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Last-Modified")
# A response whose Cache-Control says any of these is never stored.
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
# Longer query strings (made-up search terms, junk parameters) are served uncached.
MAX_QUERY_STRING = 256
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# What Redis holds per page: the generation it was rendered in, the gzipped body, its
# ETag (of the uncompressed body) and headers.
StoredPage = tuple[int, bytes, str, list[tuple[str, str]]]


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
    return f"public-page:{language}:{digest}"


def cacheable_query(request: HttpRequest, language: str) -> str | None:
    """The query string that makes this page distinct: the parameters its view reads (the
    last value of each, in a fixed order), or None when the page must not be cached (a
    view not listed in PAGE_CACHE_QUERY_PARAMETERS, asked with a query string)."""
    if not request.META.get("QUERY_STRING"):
        return ""
    # Only a query string needs the URL's name; the language decides which
    # language-prefixed patterns match.
    with translation.override(language):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS.get(match.view_name)
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
        try:
            # One round trip: the current generation and the page. An entry stored
            # under an older generation is stale and simply overwritten.
            found = page_cache().get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or public_pages_generation()
        except Exception:  # the cache is an optimization: serve the page without it
            logger.exception("page cache: Redis did not answer")
            return None
        stored = found.get(key)
        fresh = stored is not None and stored[0] == generation
        return PageLookup(key, generation, stored if fresh else None)

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
        headers = [(name, response[name]) for name in STORED_HEADERS if response.has_header(name)]
        content = response.content
        # Weak: the same ETag names the gzipped and the plain body.
        etag = f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        # Stored compressed: most visitors accept gzip, so a hit costs no compression.
        # (These pages hold no secret, so BREACH-style padding is not needed.)
        compressed = gzip.compress(content, compresslevel=6, mtime=0)
        stored: StoredPage = (lookup.generation, compressed, etag, headers)
        try:
            page_cache().set(lookup.key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("page cache: could not store a page")
        else:
            response["X-Page-Cache"] = "miss"

    @staticmethod
    def _rebuild(stored: StoredPage, request: HttpRequest, language: str) -> HttpResponse:
        _generation, compressed, etag, headers = stored
        accepts_gzip = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", ""))
        content = compressed if accepts_gzip else gzip.decompress(compressed)
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response[name] = value
        patch_vary_headers(response, ["Accept-Encoding"])
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(content))
        response["ETag"] = etag
        response["X-Page-Cache"] = "hit"
        remember_language(request, response, language)
        return response
