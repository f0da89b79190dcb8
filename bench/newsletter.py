"""Newsletter fan-out benchmark: one publication announced to 10,000 confirmed subscribers,
delivered by a real Celery worker to a local SMTP server (aiosmtpd).

    .venv/bin/python -m bench.newsletter                 # 10,000 subscribers
    .venv/bin/python -m bench.newsletter --subscribers 2000 --concurrency 1

It uses its own database (cdp_bench_newsletter) and Redis DB (2 unless BENCH_NEWSLETTER_REDIS_URL
says otherwise), production settings, and prints: time until every outbox row is written, time
until the last message is accepted by the SMTP server, messages per second, duplicates, and
how long an ordinary (essential) notification sent in the middle of the fan-out waited —
the fan-out must not hold the queue.
"""

import argparse
import os
import subprocess
import sys
import threading
import time

from bench import environment

DATABASE_URL = os.environ.get(
    "BENCH_NEWSLETTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cdp_bench_newsletter"
)
REDIS_URL = os.environ.get("BENCH_NEWSLETTER_REDIS_URL", "redis://127.0.0.1:6379/2")
PROBE_ADDRESS = "probe@bench.example.org"


class CountingInbox:
    """An SMTP handler that only counts: the benchmark measures the portal, not storage."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: dict[str, int] = {}
        self.probe_arrived_at: float | None = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.recipients[address] = self.recipients.get(address, 0) + 1
                if address == PROBE_ADDRESS:
                    self.probe_arrived_at = time.monotonic()
        return "250 OK"

    @property
    def delivered(self) -> int:
        with self.lock:
            return sum(self.recipients.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    options = parser.parse_args()

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    inbox = CountingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()

    settings_environment = {
        **environment.SETTINGS_ENVIRONMENT,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    os.environ.update(settings_environment)
    environment.DATABASE_URL = DATABASE_URL
    environment.ensure_database()
    environment.manage("migrate", "--noinput", "-v0")

    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    import redis
    from django.db import transaction
    from django.utils import timezone

    from diplomacy.accounts.models import User
    from diplomacy.notifications import services
    from diplomacy.notifications.models import (
        NewsletterAnnouncement,
        Notification,
        Subscriber,
    )

    print(f"Preparing {options.subscribers:,} confirmed subscribers...", flush=True)
    Notification.objects.all().delete()
    NewsletterAnnouncement.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n}@bench.example.org", language="en", confirmed_at=now)
            for n in range(options.subscribers)
        ],
        batch_size=2000,
    )
    probe, _ = User.objects.get_or_create(
        email=PROBE_ADDRESS, defaults={"preferred_language": "ar"}
    )
    target = Subscriber.objects.order_by("pk").first()
    redis.Redis.from_url(REDIS_URL).flushdb()

    worker = subprocess.Popen(
        [
            str(environment.BIN / "celery"), "-A", "diplomacy", "worker", "-Q", "notifications",
            f"--concurrency={options.concurrency}", "--without-heartbeat", "--without-gossip",
            "--without-mingle", "--loglevel=WARNING",
        ],
        cwd=environment.ROOT, env={**os.environ, **settings_environment},
        stdout=(environment.ROOT / "var" / "bench-newsletter-worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        from diplomacy.celery import app

        app.conf.broker_url = REDIS_URL
        wait_for_worker(app)
        print("Announcing one publication...", flush=True)
        started = time.monotonic()
        with transaction.atomic():
            services.newsletter_announce(
                target=target,
                language="en",
                sector_ids=[],
                title="A new report from North and East Syria",
                summary="What the benchmark sends to every subscriber.",
                url="/en/publications/bench-report/",
            )
        announcement = NewsletterAnnouncement.objects.get()
        probe_sent_at = None
        fanned_out_after = None
        deadline = started + 60 * 30
        while inbox.delivered < options.subscribers + (probe_sent_at is not None):
            if time.monotonic() > deadline:
                sys.exit(f"timed out with {inbox.delivered:,} messages delivered")
            if probe_sent_at is None and inbox.delivered >= options.subscribers // 2:
                # An ordinary notification in the middle of the fan-out.
                probe_sent_at = time.monotonic()
                with transaction.atomic():
                    services.notification_send(
                        type_key="notifications.newsletter_confirm",
                        target=probe,
                        recipient=probe,
                        event=f"bench-{probe_sent_at}",
                    )
            if fanned_out_after is None:
                announcement.refresh_from_db()
                if announcement.fanned_out_at is not None:
                    fanned_out_after = time.monotonic() - started
            time.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()

    duplicates = sum(count - 1 for count in inbox.recipients.values() if count > 1)
    sent_rows = Notification.objects.filter(status="sent").count()
    probe_wait = (inbox.probe_arrived_at or 0) - (probe_sent_at or 0)
    print(
        f"{options.subscribers:,} subscribers, {options.concurrency} worker processes:\n"
        f"  all outbox rows written after {fanned_out_after or elapsed:.1f} s\n"
        f"  last message accepted by SMTP after {elapsed:.1f} s "
        f"({options.subscribers / elapsed:,.0f} messages/s)\n"
        f"  duplicates: {duplicates}; rows marked sent: {sent_rows:,}\n"
        f"  an essential notification sent mid-way arrived after {probe_wait:.1f} s",
        flush=True,
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_worker(app, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    sys.exit("the Celery worker did not start; see var/bench-newsletter-worker.log")


if __name__ == "__main__":
    main()
