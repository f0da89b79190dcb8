"""The view `make bench` measures as the framework's ceiling (only with BENCH_ENDPOINTS).

It runs the whole middleware stack and returns a constant: no database, no cache, no
template. /healthz is not used for this because it queries PostgreSQL and Redis.
"""

from django.http import HttpRequest, HttpResponse


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")
