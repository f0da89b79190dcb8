"""A Redis cache that fails open: while Redis is away, each process uses a cache of its
own in memory (or none), so rate limits keep counting locally and public forms keep
working instead of answering 500.

    CACHES = {"default": {"BACKEND": "diplomacy.resilient_cache.RedisCacheWithFallback",
                          "LOCATION": "redis://…", "FALLBACK": "memory"}}

FALLBACK is "memory" (counters: rate limits stay per process, so looser by the number of
processes, but never off) or "none" (the page cache: better no cache than pages other
processes cannot invalidate). After a failure this process leaves Redis alone for
FALLBACK_SECONDS (default 5), so a Redis that hangs costs one short timeout, not one per
request; the connection and socket timeouts are short for the same reason.
"""

import logging
import time

import redis
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
SHORT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def _failing_over(method_name: str):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_paused_until:
            try:
                return getattr(super(RedisCacheWithFallback, self), method_name)(*args, **kwargs)
            except REDIS_UNAVAILABLE as error:
                self._redis_paused_until = time.monotonic() + self._pause_seconds
                logger.warning("Redis cache %s unavailable (%s): using the fallback", self, error)
        return getattr(self._fallback, method_name)(*args, **kwargs)

    method.__name__ = method_name
    return method


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` (and its table of response callbacks)
    for every call: about 50 µs of CPU, a third of what a page-cache hit spends on Redis.
    One client per connection pool does the same (the pool hands out the connections,
    and redis-py's clients are safe to share between threads)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}  # by the id of their pool

    def get_client(self, key=None, *, write=False):
        # The pools live as long as this object: their ids are stable.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCacheWithFallback(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        fallback = params.pop("FALLBACK", "memory")
        self._pause_seconds = float(params.pop("FALLBACK_SECONDS", 5))
        params["OPTIONS"] = {**SHORT_TIMEOUTS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._location = server if isinstance(server, str) else ",".join(server)
        local_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback: BaseCache = (
            DummyCache(server, local_params)
            if fallback == "none"
            else LocMemCache(f"fallback-{server}", local_params)
        )
        self._redis_paused_until = 0.0

    def __str__(self) -> str:
        return self._location

    @property
    def using_fallback(self) -> bool:
        """True while this process is serving from its fallback (health checks)."""
        return time.monotonic() < self._redis_paused_until

    add = _failing_over("add")
    get = _failing_over("get")
    set = _failing_over("set")
    touch = _failing_over("touch")
    delete = _failing_over("delete")
    get_many = _failing_over("get_many")
    has_key = _failing_over("has_key")
    incr = _failing_over("incr")
    set_many = _failing_over("set_many")
    delete_many = _failing_over("delete_many")
    clear = _failing_over("clear")
