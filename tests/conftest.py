"""Fixtures shared by the whole suite: people, a real SMTP server, a real Celery worker,
and Chromium driven by Playwright."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def review_queue_counts_forgotten():
    """The review queue keeps its counts until an application changes; a test's rows
    are rolled back without a signal, so every test starts with the counts forgotten."""
    from delegations.selectors import review_queue_generation_bump

    review_queue_generation_bump()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test session starts from the demo content (a reused database may have been
    left flushed by transactional tests)."""
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("loaddemo", stdout=StringIO())
    # Nor may Redis hold pages or public data of an earlier session's database: a page
    # kept under the same generation number would be served as this session's.
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def demo_content(django_db_blocker):
    """The demo content of every app. Transactional tests need it: they start from
    flushed tables, without the rows the data migrations made."""
    from io import StringIO

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("loaddemo", stdout=StringIO())


@pytest.fixture
def output_dir(request) -> Path:
    """A folder for screenshots and reports of the current test."""
    folder = OUTPUT / request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP -----------------------------------------------------------------------------


class SMTPInbox:
    """Messages received by a real SMTP server (aiosmtpd) listening on localhost."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_with: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_with:
            return self.refuse_with
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp_server(settings) -> Iterator[SMTPInbox]:
    """A real SMTP server; Django's SMTP backend in this process is pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = SMTPInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


# --- Celery ---------------------------------------------------------------------------


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@pytest.fixture
def celery_worker_process(transactional_db, settings, request) -> Iterator[subprocess.Popen]:
    """A real Celery worker process on the real Redis broker and the test database.

    Tasks are published from the test (no eager mode) and run in the worker, which sees
    the test database because the test commits (transactional_db).
    """
    from diplomacy.celery import app

    broker = settings.CELERY_BROKER_URL
    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    # Start from an empty broker so messages of an earlier test are not picked up.
    import redis

    redis.Redis.from_url(broker).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        env["EMAIL_URL"] = f"smtp://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    OUTPUT.mkdir(exist_ok=True)
    log = (OUTPUT / f"celery-{request.node.name[:60]}.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "diplomacy", "worker",
            "-Q", "default,notifications,translation,media",
            "--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_until_ready(app)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


# Generous: on a machine shared by many processes the worker takes long to start.
def _wait_until_ready(app, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not start; see test-output/celery-*.log")


# --- Browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does it as root)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    _retry_screenshots_on_capture_hiccups()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _retry_screenshots_on_capture_hiccups() -> None:
    """Headless Chromium without a GPU sometimes answers "Unable to capture screenshot"
    to a full-page capture on a busy machine. Screenshots are records for people, not
    assertions: try again, then settle for the viewport rather than fail the test."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page

    capture = Page.screenshot
    if getattr(capture, "retries_hiccups", False):
        return

    def screenshot(self, *args, **kwargs):
        for _attempt in range(2):
            try:
                return capture(self, *args, **kwargs)
            except PlaywrightError as error:
                if "Unable to capture screenshot" not in str(error):
                    raise
                self.wait_for_timeout(300)
        return capture(self, *args, **{**kwargs, "full_page": False})

    screenshot.retries_hiccups = True
    Page.screenshot = screenshot


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
