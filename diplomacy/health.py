"""`/healthz`: is this process able to serve? Checks the database and the cache."""

import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    failed = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not failed else "unavailable", "checks": checks, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)
