"""Private instances of the services, started by a test on its own ports and stopped by
it: never the shared PostgreSQL or Redis of the machine."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_ports(count: int) -> list[int]:
    """`count` distinct ports nothing listens on now. Fixed ports in the ephemeral range
    were taken at times by another program's connection: the server could not start."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answers on port {port}")


def wait_for(condition, timeout: float = 30.0, interval: float = 0.2):
    """The first truthy value of `condition()`, or TimeoutError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"still false after {timeout} s: {condition}")


class PrivateRedis:
    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder, self.process = port, folder, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class PrivatePostgres:
    """A cluster of its own in a temporary folder (initdb refuses root: run as postgres)."""

    def __init__(self, port: int) -> None:
        # Not under pytest's folder: as root that one is closed to the postgres user.
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix=f"private-postgres-{port}-")) / "pgdata"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.folder), *arguments],
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        if not self.folder.exists():
            self.folder.mkdir(parents=True)
            if self.as_postgres:
                shutil.chown(self.folder.parent, "postgres")
                shutil.chown(self.folder, "postgres")
            subprocess.run(
                [*self.as_postgres, str(PG_BIN / "initdb"), "-D", str(self.folder),
                 "-A", "trust", "-U", "postgres", "--no-sync"],
                check=True, capture_output=True,
            )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("start", "-w", "-o", options, "-l", str(self.folder / "log"))

    def stop(self) -> None:
        if (self.folder / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "fast", "-w")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder.parent, ignore_errors=True)


class PortalProcess:
    """`gunicorn diplomacy.wsgi` (or a Celery command) with the test settings and `env`."""

    def __init__(self, command: list[str], environment: dict[str, str], log: Path) -> None:
        self.command, self.log = command, log
        self.environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
                            **environment}  # fmt: skip
        self.process = None

    @classmethod
    def web(cls, port: int, environment: dict[str, str], log: Path) -> "PortalProcess":
        gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
        command = [gunicorn, "diplomacy.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                   "--timeout", "120"]  # fmt: skip
        portal = cls(command, environment, log)
        portal.port = port
        return portal

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environment, stdout=handle, stderr=handle
        )
        if getattr(self, "port", None):
            wait_for_port(self.port)
            # Answering at all (a loaded machine boots a worker slowly), whatever it says.
            self.get("/healthz")

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"http://127.0.0.1:{self.port}{path}", timeout=120)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
