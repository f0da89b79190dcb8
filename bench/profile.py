"""Where a page's time goes: py-spy samples requests run in-process on the bench database.

.venv/bin/python -m bench.profile /ar/                 # prints the heaviest frames
.venv/bin/python -m bench.profile /ar/ --seconds 20    # longer sample
.venv/bin/python -m bench.profile /ar/staff/ --as staff   # signed in (or --as applicant)
.venv/bin/python -m bench.profile /ar/ --page-cache       # page-cache hits (anonymous)

The requests go through the whole WSGI application (every middleware, production
settings, page cache off unless --page-cache), one after the other, as gunicorn's sync
worker runs them.
The summary gives, for the frames that matter, the share of the samples in which they
are on the stack ("inclusive"): the figures `docs/benchmarks.md` quotes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench import environment

# Frames whose inclusive share says what a request spends its time on.
INTERESTING = (
    ("the view (queries, context)", "views.py:"),
    ("SQL compilation", "django/db/models/sql/compiler.py:SQLCompiler.as_sql"),
    ("SQL execution (waiting on PostgreSQL)", "psycopg/cursor.py:Cursor.execute"),
    ("model instances", "django/db/models/base.py:Model.from_db"),
    ("template rendering", "django/template/response.py:SimpleTemplateResponse.render"),
    ("  of which {% include %}", "django/template/loader_tags.py:IncludeNode.render"),
    ("  of which {% url %}", "django/template/defaulttags.py:URLNode.render"),
    ("  of which {% translate %}", "django/templatetags/i18n.py:TranslateNode.render"),
    ("  of which context processors", "django/template/context.py:RequestContext.bind_template"),
    ("URL reversing", "django/urls/base.py:reverse"),
    ("URL resolving", "django/urls/resolvers.py:URLResolver.resolve"),
    ("compressing (gzip)", "gzip.py:compress"),
    ("Redis", "redis/connection.py"),
)


OWN_PACKAGES = {"diplomacy", "publications", "partners", "programs", "delegations", "templates"}


def run_requests(
    path: str, seconds: float, signed_in_as: str = "", page_cache: bool = False
) -> None:
    """The body of the profiled process: requests to `path` for `seconds`, with the
    session of `signed_in_as` ("applicant", "staff") when given; with `page_cache`, the
    warm-up stores the page and every measured request is a hit."""
    environment.configure_process()
    os.environ["PAGE_CACHE_SECONDS"] = "600" if page_cache else "0"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    headers = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    if signed_in_as:
        from bench.signed_in import cookie_as

        headers["HTTP_COOKIE"] = cookie_as(signed_in_as)

    def one_request() -> None:
        status, response_headers, _body = environment.get_in_process(application, path, headers)
        if not status.startswith("200"):
            raise RuntimeError(f"{path} answered {status}")
        if page_cache and warmed_up and ("X-Page-Cache", "hit") not in response_headers:
            raise RuntimeError(f"{path} is not served from the page cache")

    warmed_up = False
    for _ in range(20):  # warm-up: templates compiled, connections open (the page stored)
        one_request()
    warmed_up = True

    def measured_request() -> None:  # the frame the summary looks for
        one_request()

    count, deadline = 0, time.monotonic() + seconds
    cpu_started = time.process_time()
    while time.monotonic() < deadline:
        measured_request()
        count += 1
    # CPU time (this process, py-spy's sampling aside) moves less with the machine's load.
    cpu_ms = (time.process_time() - cpu_started) * 1000 / count
    print(
        f"{count} requests in {seconds:.0f} s: {seconds * 1000 / count:.2f} ms each,"
        f" {cpu_ms:.2f} ms of CPU",
        flush=True,
    )


def frame_location(frame: str) -> str:
    """py-spy's "function (path/file.py:line)" as "path/file.py:function"."""
    name, _, rest = frame.partition(" (")
    return f"{rest.rsplit(':', 1)[0]}:{name}"


@dataclass
class Profile:
    label: str
    path: str
    ms_per_request: float
    samples: int
    shares: dict[str, float]  # INTERESTING label -> % of the samples (inclusive)
    heaviest: list[tuple[str, float]]  # the portal's own frames, inclusive %


def summarize(label: str, path: str, collapsed: Path, ms_per_request: float, top: int) -> Profile:
    """Inclusive shares of the INTERESTING frames, and the heaviest frames of our code."""
    total = 0
    inclusive: Counter[str] = Counter()
    own_code: Counter[str] = Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        count = int(samples)
        frames = stack.split(";")
        if not any("measured_request" in frame for frame in frames):
            continue  # start-up and warm-up
        total += count
        locations = [frame_location(frame) for frame in frames]
        for name, needle in INTERESTING:
            if any(needle in location for location in locations):
                inclusive[name] += count
        for location in set(locations):
            if location.split("/", 1)[0] in OWN_PACKAGES and "Middleware" not in location:
                own_code[location] += count
    total = max(total, 1)
    return Profile(
        label,
        path,
        ms_per_request,
        total,
        {name: inclusive[name] * 100 / total for name, _needle in INTERESTING},
        [(frame, count * 100 / total) for frame, count in own_code.most_common(top)],
    )


def profile(
    label: str,
    path: str,
    *,
    seconds: float = 10,
    top: int = 8,
    signed_in_as: str = "",
    page_cache: bool = False,
) -> Profile:
    """Runs requests to `path` in a process of its own, sampled by py-spy."""
    with tempfile.TemporaryDirectory() as directory:
        collapsed = Path(directory) / "stacks.txt"
        output = subprocess.run(
            [str(environment.BIN / "py-spy"), "record", "--format", "raw", "--rate", "200",
             "--output", str(collapsed), "--", sys.executable, "-m", "bench.profile",
             path, "--seconds", str(seconds), "--run", "--as", signed_in_as,
             *(["--page-cache"] if page_cache else [])],
            cwd=environment.ROOT, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        ms_per_request = float(re.search(r"([\d.]+) ms each", output).group(1))
        cpu_ms = float(re.search(r"([\d.]+) ms of CPU", output).group(1))
        result = summarize(label, path, collapsed, ms_per_request, top)
    print(
        f"  {label:<38} {ms_per_request:7.2f} ms per request in-process ({cpu_ms:.2f} ms of CPU)",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--as", dest="signed_in_as", choices=["", "applicant", "staff"], default="",
        help="send the session of a generated applicant or of the bench's staff member",
    )  # fmt: skip
    parser.add_argument(
        "--page-cache", action="store_true", help="page cache on: measures hits (anonymous)"
    )
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.run:
        run_requests(options.path, options.seconds, options.signed_in_as, options.page_cache)
        return
    result = profile(
        options.path,
        options.path,
        seconds=options.seconds,
        top=options.top,
        signed_in_as=options.signed_in_as,
        page_cache=options.page_cache,
    )
    for name, share in result.shares.items():
        print(f"{name:<45} {share:5.0f} %")
    print()
    for frame, share in result.heaviest:
        print(f"{share:5.0f} %  {frame}")


if __name__ == "__main__":
    main()
