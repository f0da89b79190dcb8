"""The benchmark's own world: database cdp_bench, Redis DB 9, production settings, and a
gunicorn pinned to one core. Nothing here touches the databases of the test suite."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cdp_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
BASE_URL = f"http://{HOST}:{PORT}"
SERVER_CORE, LOAD_CORE = "0", "1"
# Sync workers on the one core: two, so one renders while the other waits on PostgreSQL.
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

# Production settings, with what a benchmark on plain HTTP needs: no HTTPS redirect, a
# throwaway key, email to the console, and /bench/hello switched on.
SETTINGS_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "diplomacy.settings.production",
    "SECRET_KEY": "bench-only-" + "k" * 60,
    "ALLOWED_HOSTS": f"{HOST},localhost",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "EMAIL_URL": "consolemail://",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "FIELD_ENCRYPTION_KEY": "YmVuY2gtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA=",
    "BENCH_ENDPOINTS": "true",
}


def get_in_process(
    application, path: str, headers: dict[str, str] | None = None
) -> tuple[str, list[tuple[str, str]], bytes]:
    """GET `path` through the WSGI `application` in this process, as gunicorn's sync worker
    passes a request to it: (status, headers, body). `headers`: extra environ entries
    (HTTP_COOKIE, HTTP_ACCEPT_ENCODING...)."""
    route, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        # WSGI: the path decoded from %-escapes, its UTF-8 bytes as Latin-1 characters.
        "PATH_INFO": unquote(route).encode().decode("latin-1"),
        # As a browser sends it: percent-encoded ASCII («?q=المجتمع» typed as is works).
        "QUERY_STRING": quote(query, safe="=&+%"),
        "SERVER_NAME": HOST,
        "SERVER_PORT": str(PORT),
        "HTTP_HOST": HOST,
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **(headers or {}),
    }
    started = []
    body = application(environ, lambda status, headers: started.append((status, headers)))
    content = b"".join(body)
    body.close()
    status, response_headers = started[0]
    return status, response_headers, content


def configure_process() -> None:
    """Point this process at the bench database before Django starts."""
    for name, value in SETTINGS_ENVIRONMENT.items():
        os.environ[name] = value


def ensure_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    base = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", base, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        # UTF-8 character classes: pg_trgm finds no trigrams in Arabic under LC_CTYPE C.
        subprocess.run(
            ["psql", base, "-qc", f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
             "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"],
            check=True,
        )  # fmt: skip


def manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, check=True)


def prepare_site() -> None:
    ensure_database()
    manage("migrate", "--noinput", "-v0")
    manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("loaddemo")


def flush_redis() -> None:
    import redis

    from diplomacy.settings.base import redis_database_url

    # The broker's database and the two derived from it (counters, page cache).
    for offset in range(3):
        redis.Redis.from_url(redis_database_url(REDIS_URL, offset)).flushdb()


@contextmanager
def gunicorn(*, page_cache_seconds: int) -> Iterator[subprocess.Popen]:
    """gunicorn with production settings, pinned to the server core."""
    refuse_a_taken_port()
    flush_redis()
    env = {**os.environ, **SETTINGS_ENVIRONMENT, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    command = [
        "taskset", "-c", SERVER_CORE, str(BIN / "gunicorn"), "diplomacy.wsgi",
        "--bind", f"{HOST}:{PORT}", "--workers", str(GUNICORN_WORKERS),
        "--worker-class", "sync", "--log-level", "warning",
    ]  # fmt: skip
    log = (ROOT / "var" / "bench-gunicorn.log").open("a")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving()
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def refuse_a_taken_port() -> None:
    """A server left over from an interrupted run still answers on PORT: the new gunicorn
    cannot bind and the run would measure the old one's code without a word."""
    with socket.socket() as probe:
        if probe.connect_ex((HOST, PORT)) == 0:
            raise RuntimeError(f"{HOST}:{PORT} is taken (a gunicorn of an interrupted run?)")


def wait_until_serving(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE_URL}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start; see var/bench-gunicorn.log")


def require_tools() -> None:
    missing = [tool for tool in ("wrk", "taskset", "psql") if shutil.which(tool) is None]
    if not (ROOT / "node_modules" / "lighthouse").exists():
        missing.append("node_modules/lighthouse (make node-deps)")
    if missing:
        sys.exit(
            f"make bench needs: {', '.join(missing)} (Debian: apt-get install wrk util-linux postgresql-client)"
        )
