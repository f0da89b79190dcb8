"""The parts of a portal the fault drills start for themselves and break on purpose: a
private PostgreSQL cluster, a private Redis, a real SMTP server that counts what it
receives, two gunicorn web processes, two Celery workers and beat. Nothing shared is
touched: every part listens on its own port (DRILL_PORT_BASE and the next ones)."""

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))


def as_postgres(command: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the `postgres` system user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def wait_for(check, *, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception:  # the part is still starting
            result = None
        if result:
            return result
        time.sleep(every)
    raise RuntimeError(f"the drill gave up waiting for {what}")


class PrivatePostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder / "postgres", port
        self.log = folder / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/drills"

    def create(self) -> None:
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        subprocess.run(
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.folder), "-U", "postgres",
                         "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]),
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()
        with psycopg.connect(self.url.replace("/drills", "/postgres"), autocommit=True) as db:
            db.execute(
                "CREATE DATABASE drills TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
            )

    def start(self) -> None:
        # fsync off: the drills crash processes, never the machine (the OS keeps the data).
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c unix_socket_directories={self.folder} -c max_connections=200")  # fmt: skip
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-l", str(self.log),
                         "-o", options, "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.folder), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )  # fmt: skip

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql, params).fetchall()


class PrivateRedis:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # No persistence: a Redis that stops loses its queues, the harder case.
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=(self.folder / "redis.log").open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        import redis

        wait_for(lambda: redis.Redis.from_url(self.url).ping(), timeout=10, what="Redis")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@dataclass
class Received:
    message_id: str
    to: str
    subject: str
    language: str
    at: float


@dataclass
class CountingSMTPHandler:
    """aiosmtpd handler: keeps every message it accepts; refuses while `refusing`."""

    delay: float = 0.0
    refusing: bool = False
    received: list[Received] = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            self.refused += 1
            return "421 4.3.0 The drill has closed the mail server for a while"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.received.append(
                Received(
                    message_id=message["Message-ID"] or "",
                    to=message["To"] or "",
                    subject=str(make_header(decode_header(message["Subject"] or ""))),
                    language=message["Content-Language"] or "",
                    at=time.time(),
                )
            )
        return "250 Message accepted for delivery"


class Processes:
    """gunicorn × 2, Celery worker × 2 and beat, each in a process group of its own."""

    def __init__(self, folder: Path, env: dict[str, str], web_ports: list[int]) -> None:
        self.folder, self.env, self.web_ports = folder, env, web_ports
        self.running: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("a")
        self.running[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_web(self, index: int) -> None:
        port = self.web_ports[index]
        self._start(f"web{index}", [sys.executable, "-m", "gunicorn", "diplomacy.wsgi",
                                    "--bind", f"127.0.0.1:{port}", "--workers", "1",
                                    "--threads", "8", "--worker-class", "gthread",
                                    "--timeout", "60"])  # fmt: skip

    def start_worker(self, index: int) -> None:
        self._start(f"worker{index}", [sys.executable, "-m", "celery", "-A", "diplomacy",
                                       "worker", "-n", f"drill{index}@%h",
                                       "-Q", "default,notifications,translation,media",
                                       "--concurrency", "2", "--without-gossip",
                                       "--without-mingle", "--loglevel", "INFO"])  # fmt: skip

    def start_beat(self) -> None:
        self._start("beat", [sys.executable, "-m", "celery", "-A", "diplomacy", "beat",
                             "-s", str(self.folder / "beat-schedule"), "--loglevel", "INFO"])  # fmt: skip

    def kill(self, name: str) -> None:
        """kill -9 the process and its children (a prefork worker's pool too)."""
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.running):
            process = self.running[name]
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(name)
            self.running.pop(name, None)
