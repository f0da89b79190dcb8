"""Scale: generate 100,000 publications, 20,000 partners and 50,000 applications (once:
the generators top up to the count), then time list and search pages one request at a
time — the median and 95th percentile of the response time on localhost, which is the
server's time plus a fraction of a millisecond."""

import http.client
import statistics
import sys
import time
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from bench.environment import HOST, PORT

# bench/<module>.py generators: `generate(*, count, stdout)` tops the table up to `count`.
SCALE = [
    ("bench.publications", "publications", 100_000),
    ("bench.partners", "partners", 20_000),
    ("bench.applications", "delegation applications", 50_000),
]
REQUESTS = 30
WARM_UP = 3


@dataclass
class ServerTime:
    label: str
    path: str
    median_ms: float
    p95_ms: float
    status: int


def generate() -> dict[str, int | None]:
    """Rows generated per kind (None: its generator does not exist yet)."""
    counts: dict[str, int | None] = {}
    for module_name, label, count in SCALE:
        if find_spec(module_name) is None:
            counts[label] = None
            print(f"  {label}: no generator ({module_name}) yet", flush=True)
            continue
        started = time.monotonic()
        counts[label] = import_module(module_name).generate(count=count, stdout=sys.stdout)
        print(f"  {label}: {counts[label]} rows ({time.monotonic() - started:.0f} s)", flush=True)
    return counts


def present() -> dict[str, int | None]:
    """Rows of each kind already in the bench database (a run with --no-scale reports
    what it measured on, not only what it generated)."""
    from delegations.models import Application
    from partners.models import Organization
    from publications.models import Publication

    return {
        "publications": Publication.objects.count(),
        "partners": Organization.objects.count(),
        "delegation applications": Application.objects.count(),
    }


def measure(label: str, path: str) -> ServerTime:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    durations = []
    status = 0
    for index in range(WARM_UP + REQUESTS):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        status = response.status
        if index >= WARM_UP:
            durations.append(elapsed)
    connection.close()
    durations.sort()
    result = ServerTime(
        label,
        path,
        median_ms=statistics.median(durations),
        p95_ms=durations[int(len(durations) * 0.95) - 1],
        status=status,
    )
    print(f"  {label:<44} median {result.median_ms:7.2f} ms  p95 {result.p95_ms:7.2f} ms"
          + ("" if status == 200 else f"  STATUS {status}"), flush=True)  # fmt: skip
    return result
