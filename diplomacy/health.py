"""`/healthz`: can this process serve, and are the parts around it alive?

Reports each part by name: the database, every cache, the Celery broker, whether beat
has published its heartbeat recently, and how many jobs wait in each queue. Without the
database or a cache this process cannot serve: 503, so a load balancer takes it out.
A missing broker, a silent beat or a long queue do not stop pages (jobs wait in the
outbox); they make the status "degraded" and name themselves under "failed".
"""

import logging
import time
import uuid

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Beat publishes a heartbeat task every HEALTH_BEAT_HEARTBEAT_SECONDS and notes the time
# in the broker's Redis under this key (diplomacy/celery.py).
BEAT_HEARTBEAT_KEY = "diplomacy:beat:heartbeat"
SERVING_PARTS = ("database", "cache")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: database")
        return False


def _cache_answers() -> bool:
    """Every cache (counters, pages) answers."""
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    try:
        for alias in settings.CACHES:
            cache = caches[alias]
            cache.set(key, value, timeout=5)
            # A cache serving from its local fallback is answering, but Redis is not.
            answered = cache.get(key) == value and not getattr(cache, "using_fallback", False)
            cache.delete(key)
            if not answered:
                return False
        return True
    except Exception:
        logger.exception("health check: cache")
        return False


def broker_client() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    )


def queue_names() -> list[str]:
    return [queue.name for queue in settings.CELERY_TASK_QUEUES]


def _broker_report() -> dict:
    """Broker reachable, seconds since beat's heartbeat, jobs waiting per queue."""
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return {"broker": None, "beat_seconds_ago": None, "queues": {}}
    try:
        client = broker_client()
        with client.pipeline() as pipeline:
            for name in queue_names():
                pipeline.llen(name)
            pipeline.get(BEAT_HEARTBEAT_KEY)
            *depths, heartbeat = pipeline.execute()
    except redis.RedisError:
        logger.exception("health check: broker")
        return {"broker": False, "beat_seconds_ago": None, "queues": {}}
    seconds_ago = round(time.time() - float(heartbeat), 1) if heartbeat else None
    return {
        "broker": True,
        "beat_seconds_ago": seconds_ago,
        "queues": dict(zip(queue_names(), depths, strict=True)),
    }


def health_report() -> dict:
    broker = _broker_report()
    beat_age = broker["beat_seconds_ago"]
    checks = {
        "database": _database_answers(),
        "cache": _cache_answers(),
        "broker": broker["broker"],
        "beat": beat_age is not None and beat_age <= settings.HEALTH_BEAT_STALE_SECONDS,
        "queues": all(
            depth <= settings.HEALTH_QUEUE_DEPTH_LIMIT for depth in broker["queues"].values()
        ),
    }
    if broker["broker"] is None:  # not a Redis broker (development): nothing to say
        del checks["broker"], checks["beat"], checks["queues"]
    failed = [name for name, ok in checks.items() if not ok]
    if any(name in SERVING_PARTS for name in failed):
        status = "unavailable"
    else:
        status = "degraded" if failed else "ok"
    return {
        "status": status,
        "checks": checks,
        "failed": failed,
        "beat_seconds_ago": beat_age,
        "queues": broker["queues"],
    }


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "unavailable" else 200)
