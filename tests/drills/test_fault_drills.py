"""Fault drills (issue #15): while people submit delegation applications, program
registrations and newsletter subscriptions through two web processes, break one part of
the portal and check that every item is in the database exactly once and every email
arrived exactly once, in its recipient's language.

Run them alone with `pytest -m drill`; durations are configurable:
DRILL_REDIS_OUTAGE_SECONDS (30), DRILL_SMTP_OUTAGE_SECONDS (60), DRILL_ITEMS (45 per
drill), DRILL_CONCURRENT_ITEMS (200), DRILL_RECOVERY_TIMEOUT (150). Each drill prints its
figures and appends them to test-output/drills.txt.
"""

import os
import time

import pytest

from tests.drills.conftest import Portal
from tests.drills.load import Load
from tests.drills.parts import ROOT
from tests.drills.verdict import Verdict, judge, wait_until_quiet

pytestmark = [pytest.mark.drill, pytest.mark.integration]

REDIS_OUTAGE = float(os.environ.get("DRILL_REDIS_OUTAGE_SECONDS", "30"))
SMTP_OUTAGE = float(os.environ.get("DRILL_SMTP_OUTAGE_SECONDS", "60"))
ITEMS = int(os.environ.get("DRILL_ITEMS", "45"))
CONCURRENT_ITEMS = int(os.environ.get("DRILL_CONCURRENT_ITEMS", "200"))
RECOVERY_TIMEOUT = float(os.environ.get("DRILL_RECOVERY_TIMEOUT", "150"))


class Drill:
    """One drill's load and bookkeeping: what existed before, what was submitted."""

    def __init__(self, portal: Portal, name: str) -> None:
        self.portal, self.name = portal, name
        self.since_id = portal.postgres.query(
            "SELECT coalesce(max(id), 0) FROM notifications_notification"
        )[0][0]
        self.received_before = len(portal.smtp.received)
        self.load = Load(origins=portal.origins, people=portal.people,
                         context=portal.context)  # fmt: skip

    def start(self, count: int, spread_seconds: float, concurrency: int = 20) -> None:
        self.load.start(count=count, spread_seconds=spread_seconds, concurrency=concurrency)

    def finish(self, fault_ended_at: float) -> Verdict:
        items = self.load.join()
        portal = self.portal
        quiet_after = wait_until_quiet(portal.postgres, portal.smtp, self.since_id,
                                       RECOVERY_TIMEOUT)  # fmt: skip
        verdict = judge(self.name, items=items, postgres=portal.postgres, smtp=portal.smtp,
                        event=portal.context["event"], since_id=self.since_id,
                        received_before=self.received_before)  # fmt: skip
        if quiet_after is not None:
            verdict.seconds_to_recover = max(time.monotonic() - fault_ended_at, 0.0)
        report(verdict)
        return verdict


def report(verdict: Verdict) -> None:
    print(verdict.line())
    output = ROOT / "test-output"
    output.mkdir(exist_ok=True)
    with (output / "drills.txt").open("a") as log:
        log.write(verdict.line() + "\n")


def assert_nothing_lost_or_doubled(verdict: Verdict, *, duplicates_allowed: int = 0) -> None:
    assert verdict.seconds_to_recover is not None, "the portal never caught up"
    assert verdict.not_acknowledged == 0
    assert verdict.items_lost == [] and verdict.items_duplicated == []
    assert verdict.emails_lost == []
    assert verdict.emails_wrong_language == []
    assert len(verdict.emails_duplicated) <= duplicates_allowed, verdict.emails_duplicated


def test_200_concurrent_submissions_give_200_rows(portal):
    drill = Drill(portal, "200 at once")
    started = time.monotonic()
    drill.start(CONCURRENT_ITEMS, spread_seconds=0, concurrency=40)
    verdict = drill.finish(fault_ended_at=started)
    assert_nothing_lost_or_doubled(verdict)
    assert verdict.submitted == CONCURRENT_ITEMS


def test_a_worker_killed_in_the_middle_of_its_jobs(portal):
    drill = Drill(portal, "kill -9 a worker")
    drill.start(ITEMS, spread_seconds=8)
    time.sleep(4)
    portal.processes.kill("worker0")
    killed_at = time.monotonic()
    time.sleep(2)
    portal.processes.start_worker(0)
    verdict = drill.finish(fault_ended_at=killed_at)
    # The one gap no database closes: a message the SMTP server accepted just before the
    # worker died, not yet marked sent. At most one per message in flight (2 per worker).
    assert_nothing_lost_or_doubled(verdict, duplicates_allowed=2)


def test_redis_stopped_then_started(portal):
    drill = Drill(portal, f"Redis away {REDIS_OUTAGE:.0f} s")
    drill.start(ITEMS, spread_seconds=REDIS_OUTAGE)
    portal.redis.stop()
    time.sleep(REDIS_OUTAGE)
    portal.redis.start()
    back_at = time.monotonic()
    verdict = drill.finish(fault_ended_at=back_at)
    assert_nothing_lost_or_doubled(verdict)
    # The forms kept working: no error, and requests did not wait for the broker (each
    # save waited about 6 s before; the slowest request is printed, it depends on the
    # machine's load more than on Redis).
    assert verdict.failed_requests == 0
    assert verdict.median_request_seconds < 2


def test_postgresql_restarted(portal):
    drill = Drill(portal, "PostgreSQL restarted")
    drill.start(ITEMS, spread_seconds=8)
    time.sleep(3)
    portal.postgres.stop("immediate")
    portal.postgres.start()
    verdict = drill.finish(fault_ended_at=time.monotonic())
    assert_nothing_lost_or_doubled(verdict)


def test_the_mail_server_refuses_for_a_while(portal):
    drill = Drill(portal, f"SMTP refusing {SMTP_OUTAGE:.0f} s")
    portal.smtp.refusing = True
    drill.start(ITEMS, spread_seconds=min(SMTP_OUTAGE, 20))
    time.sleep(SMTP_OUTAGE)
    portal.smtp.refusing = False
    verdict = drill.finish(fault_ended_at=time.monotonic())
    assert_nothing_lost_or_doubled(verdict)
