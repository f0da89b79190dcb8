"""Where a page's time goes: py-spy samples requests run in-process on the bench database.

.venv/bin/python -m bench.profile /ar/                 # prints the heaviest frames
.venv/bin/python -m bench.profile /ar/ --seconds 20    # longer sample

The requests go through the whole WSGI application (every middleware, production
settings, page cache off), one after the other, as gunicorn's sync worker runs them.
The summary gives, for the frames that matter, the share of the samples in which they
are on the stack ("inclusive"): the figures `docs/benchmarks.md` quotes.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from io import BytesIO
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


def run_requests(path: str, seconds: float) -> None:
    """The body of the profiled process: requests to `path` for `seconds`."""
    environment.configure_process()
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    route, _, query = path.partition("?")

    def one_request() -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route.encode().decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": environment.HOST,
            "SERVER_PORT": str(environment.PORT),
            "HTTP_HOST": environment.HOST,
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        statuses = []
        body = application(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"{path} answered {statuses[0]}")

    for _ in range(20):  # warm-up: templates compiled, connections open
        one_request()

    def measured_request() -> None:  # the frame the summary looks for
        one_request()

    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        measured_request()
        count += 1
    print(f"{count} requests in {seconds:.0f} s: {seconds * 1000 / count:.2f} ms each", flush=True)


def frame_location(frame: str) -> str:
    """py-spy's "function (path/file.py:line)" as "path/file.py:function"."""
    name, _, rest = frame.partition(" (")
    return f"{rest.rsplit(':', 1)[0]}:{name}"


def summarize(collapsed: Path, top: int) -> str:
    """Inclusive shares of the INTERESTING frames, then the heaviest frames of our code."""
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
        for label, needle in INTERESTING:
            if any(needle in location for location in locations):
                inclusive[label] += count
        seen = set()
        for frame in frames:
            location = frame_location(frame)
            if location.split("/", 1)[0] in OWN_PACKAGES and location not in seen:
                seen.add(location)
                own_code[location] += count
    lines = [f"{total} samples of requests", "", "| where | inclusive |", "| --- | ---: |"]
    lines += [
        f"| {label} | {inclusive[label] * 100 / max(total, 1):.0f} % |"
        for label, _needle in INTERESTING
    ]
    lines += ["", "Heaviest frames of the portal's own code (inclusive):", ""]
    lines += [
        f"- {frame}: {count * 100 / max(total, 1):.0f} %"
        for frame, count in own_code.most_common(top)
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.run:
        run_requests(options.path, options.seconds)
        return
    with tempfile.TemporaryDirectory() as directory:
        collapsed = Path(directory) / "stacks.txt"
        subprocess.run(
            [str(environment.BIN / "py-spy"), "record", "--format", "raw", "--rate", "200",
             "--output", str(collapsed), "--", sys.executable, "-m", "bench.profile",
             options.path, "--seconds", str(options.seconds), "--run"],
            cwd=environment.ROOT, check=True,
        )  # fmt: skip
        print(summarize(collapsed, options.top))


if __name__ == "__main__":
    main()
