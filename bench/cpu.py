"""CPU per request of a page, this process's and its PostgreSQL backend's, in-process.

.venv/bin/python -m bench.cpu '/ar/search/?q=المجتمع المدني' '/en/search/?q=civil society'
.venv/bin/python -m bench.cpu '/ar/search/?q=التعليم' --requests 300 --save /tmp/pages
.venv/bin/python -m bench.cpu /ar/delegations/review/ --as staff   # signed in (or applicant)

In `make bench` the PostgreSQL backend runs on the core gunicorn runs on (the scheduler
wakes it there), so a page's cost is the worker's CPU plus its backend's. Requests run
through the whole WSGI application (production settings, page cache off) one after the
other, as bench.profile runs them; the backend's CPU is read from /proc/<pid>/stat
(utime + stime) before and after. With --save, each page's body is written to a file
(to compare pages byte for byte before and after a change).
"""

import argparse
import hashlib
import os
import time
from pathlib import Path

from bench import environment


def backend_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request_page(application, path: str, headers: dict[str, str]) -> bytes:
    status, _headers, content = environment.get_in_process(application, path, headers)
    if not status.startswith("200"):
        raise RuntimeError(f"{path} answered {status}")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=200, help="measured, per path")
    parser.add_argument("--save", help="a directory to write each page's body into")
    parser.add_argument("--as", dest="signed_in_as", choices=["applicant", "staff"])
    options = parser.parse_args()
    environment.configure_process()
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()
    headers = {}
    if options.signed_in_as:
        from bench.signed_in import cookie_as

        headers["HTTP_COOKIE"] = cookie_as(options.signed_in_as)
    for path in options.paths:
        for _ in range(20):  # warm-up: templates compiled, the connection open
            content = request_page(application, path, headers)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        python_started, backend_started = time.process_time(), backend_cpu_seconds(backend)
        for _ in range(options.requests):
            request_page(application, path, headers)
        python_ms = (time.process_time() - python_started) * 1000 / options.requests
        backend_ms = (backend_cpu_seconds(backend) - backend_started) * 1000 / options.requests
        digest = hashlib.sha256(content).hexdigest()[:12]
        print(
            f"{path:<48} python {python_ms:5.2f} ms  postgres {backend_ms:5.2f} ms"
            f"  sum {python_ms + backend_ms:5.2f} ms  page {digest}",
            flush=True,
        )
        if options.save:
            name = hashlib.sha256(path.encode()).hexdigest()[:16]
            Path(options.save).mkdir(parents=True, exist_ok=True)
            (Path(options.save) / f"{name}.html").write_bytes(content)


if __name__ == "__main__":
    main()
