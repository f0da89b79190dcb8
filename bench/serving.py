"""Requests per second and latency under load: wrk on the load core against gunicorn on
the server core, keep-alive, with the Accept-Encoding a browser sends."""

import re
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench.environment import BASE_URL, LOAD_CORE

DURATION_SECONDS = 6
CONNECTIONS = 4
WARM_UP_REQUESTS = 20


@dataclass
class Throughput:
    label: str
    path: str
    cached: bool | None  # None: not a page (hello-world, static file)
    requests_per_second: float
    median_ms: float
    p99_ms: float
    errors: int
    # 1: gunicorn with the page cache off, 2: on. Ratios compare figures of the same run:
    # other work on the machine may differ between runs.
    server_run: int = 1
    # "": an anonymous GET; "signed in": with a session; "304": a conditional GET.
    kind: str = ""
    # The place of this measurement in its gunicorn run: a page's ratio divides by the
    # reference measured just before it and just after it (bench/report.py).
    order: int = 0


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to sign in, to enrol a second factor) is an answer too


OPENER = urllib.request.build_opener(NoRedirects)


def warm_up(path: str, headers: dict[str, str] | None = None) -> str:
    """Requests `path` a few times (it must answer 200); its ETag."""
    etag = ""
    for _ in range(WARM_UP_REQUESTS):
        request = urllib.request.Request(
            BASE_URL + path, headers={"Accept-Encoding": "gzip", **(headers or {})}
        )
        try:
            with OPENER.open(request, timeout=30) as response:
                response.read()
                etag = response.headers.get("ETag", "")
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{path} answered {error.code}") from None
    return etag


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure(
    label: str,
    path: str,
    *,
    cached: bool | None,
    server_run: int = 1,
    cookie: str = "",
    conditional: bool = False,
    order: int = 0,
) -> Throughput:
    """`cookie`: a session's (signed-in pages); `conditional`: every request asks with
    the page's ETag in If-None-Match, as a browser revisiting it does (answers are 304)."""
    headers = {"Cookie": cookie} if cookie else {}
    etag = warm_up(path, headers)
    if conditional:
        if not etag:
            raise RuntimeError(f"{path} has no ETag")
        headers["If-None-Match"] = etag
    header_options = [
        option for name, value in headers.items() for option in ("-H", f"{name}: {value}")
    ]
    output = subprocess.run(
        ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION_SECONDS}s", "--timeout", "10s",
         "--latency", "-H", "Accept-Encoding: gzip, deflate, br", *header_options, BASE_URL + path],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    median = to_ms(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    kind = "signed in" if cookie else ("304" if conditional else "")
    result = Throughput(label, path, cached, rps, median, p99, errors, server_run, kind, order)
    print(f"  {label:<38} {rps:9.1f} req/s  median {median:7.2f} ms  p99 {p99:7.2f} ms"
          + (f"  ERRORS {errors}" if errors else ""), flush=True)  # fmt: skip
    return result
