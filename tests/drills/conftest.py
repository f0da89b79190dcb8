"""The portal the fault drills run against, started once for the module."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller

from tests.drills.parts import (
    ROOT,
    CountingSMTPHandler,
    PrivatePostgres,
    PrivateRedis,
    Processes,
    wait_for,
)

PORT_BASE = int(os.environ.get("DRILL_PORT_BASE", "38120"))
WEB_PORT_BASE = int(os.environ.get("DRILL_WEB_PORT_BASE", "8120"))
# Below the ephemeral range: while Redis is stopped, a client connecting to a closed port of
# that range can be given that same port as its source and connect to itself.
REDIS_PORT = int(os.environ.get("DRILL_REDIS_PORT", str(WEB_PORT_BASE + 2)))
PEOPLE = int(os.environ.get("DRILL_PEOPLE", "320"))


@dataclass
class Portal:
    folder: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    smtp: CountingSMTPHandler
    processes: Processes
    origins: list[str]
    # Each registration and application needs a person of its own: shared by the drills.
    people: Iterator[dict]
    context: dict


def portal_environment(postgres: PrivatePostgres, redis: PrivateRedis, smtp_port: int,
                       origin: str) -> dict[str, str]:  # fmt: skip
    """Test settings on the private parts, with every wait of the outbox shortened so a
    drill recovers in seconds instead of minutes."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SITE_URL": origin,
        # Each simulated person comes from an address of their own (X-Forwarded-For).
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "2",
        "NOTIFICATIONS_LONGEST_BACKOFF_SECONDS": "8",
        "NOTIFICATIONS_MAX_ATTEMPTS": "50",
        "NOTIFICATIONS_SWEEP_GRACE_SECONDS": "5",
        "NOTIFICATIONS_SWEEP_EVERY_SECONDS": "2",
        "NOTIFICATIONS_SENDING_LEASE_SECONDS": "10",
        "JOBS_RELAY_EVERY_SECONDS": "2",
        "JOBS_RELAY_GRACE_SECONDS": "5",
    }


def _prepare_database(env: dict[str, str], folder: Path) -> dict:
    with (folder / "migrate.log").open("w") as log:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                       check=True, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    seeded = subprocess.run([sys.executable, "-m", "tests.drills.seed", str(PEOPLE)], cwd=ROOT,
                            env=env, check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(seeded.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    folder = Path(tempfile.mkdtemp(prefix="drills-"))
    os.chmod(folder, 0o755)
    postgres = PrivatePostgres(folder, PORT_BASE)
    redis = PrivateRedis(folder, REDIS_PORT)
    smtp = CountingSMTPHandler(delay=float(os.environ.get("DRILL_SMTP_DELAY", "0.02")))
    controller = Controller(smtp, hostname="127.0.0.1", port=PORT_BASE + 2)
    web_ports = [WEB_PORT_BASE, WEB_PORT_BASE + 1]
    origins = [f"http://127.0.0.1:{port}" for port in web_ports]
    env = portal_environment(postgres, redis, PORT_BASE + 2, origins[0])
    processes = Processes(folder, env, web_ports)
    try:
        postgres.create()
        redis.start()
        controller.start()
        seeded = _prepare_database(env, folder)
        for index in range(2):
            processes.start_web(index)
            processes.start_worker(index)
        processes.start_beat()
        for origin in origins:
            # Not /healthz: it may report beat or a queue, this waits for the web process.
            wait_for(lambda origin=origin: requests.get(f"{origin}/robots.txt", timeout=2).ok,
                     timeout=60, what=f"gunicorn at {origin}")  # fmt: skip
        yield Portal(folder, postgres, redis, smtp, processes, origins, iter(seeded["people"]),
                     {"program": seeded["program"], "event": seeded["event"]})  # fmt: skip
    finally:
        processes.stop_all()
        controller.stop()
        redis.stop()
        postgres.stop("immediate")
        if os.environ.get("DRILL_KEEP_FOLDER") != "1":
            shutil.rmtree(folder, ignore_errors=True)
