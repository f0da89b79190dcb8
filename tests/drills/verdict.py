"""What a drill lost and duplicated: the submitted items against the database, and the
outbox rows against what the SMTP server received."""

import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.drills.load import Item
from tests.drills.parts import CountingSMTPHandler, PrivatePostgres

MESSAGE_ID = re.compile(r"<notification\.(\d+)\.")
ARABIC = re.compile("[\u0600-\u06ff]")
# Types that are only shown in the staff bell, never mailed.
NOT_MAILED = ("notifications.delivery_failed",)


@dataclass
class Verdict:
    drill: str
    submitted: int = 0
    not_acknowledged: int = 0
    failed_requests: int = 0
    median_request_seconds: float = 0.0
    slowest_request_seconds: float = 0.0
    items_lost: list[str] = field(default_factory=list)
    items_duplicated: list[str] = field(default_factory=list)
    emails_expected: int = 0
    emails_lost: list[int] = field(default_factory=list)
    emails_duplicated: list[int] = field(default_factory=list)
    emails_wrong_language: list[int] = field(default_factory=list)
    seconds_to_recover: float | None = None
    # Longest time between the SMTP server accepting a message and the worker recording
    # it as sent: a worker dying inside it sends that message twice.
    unmarked_gap_seconds: float = 0.0

    def line(self) -> str:
        recover = "never" if self.seconds_to_recover is None else f"{self.seconds_to_recover:.1f}"
        return (
            f"DRILL {self.drill}: {self.submitted} items submitted "
            f"({self.not_acknowledged} never acknowledged, {self.failed_requests} requests "
            f"answered with an error and tried again; a page and its form took {self.median_request_seconds:.2f} s "
            f"(median), {self.slowest_request_seconds:.2f} s at most); "
            f"items lost {len(self.items_lost)}, duplicated {len(self.items_duplicated)}; "
            f"{self.emails_expected} emails: lost {len(self.emails_lost)}, duplicated "
            f"{len(self.emails_duplicated)}, wrong language {len(self.emails_wrong_language)}; "
            f"recovered {recover} s after the fault ended; longest gap between SMTP "
            f"acceptance and the row marked sent {self.unmarked_gap_seconds * 1000:.0f} ms"
        )


def items_in_database(postgres: PrivatePostgres, items: list[Item], event: int) -> Counter:
    """How many rows each item has: subscribers by address, registrations and
    submitted applications by person."""
    found: Counter = Counter()
    addresses = [item.key for item in items if item.kind == "newsletter"]
    for email, count in postgres.query(
        "SELECT email, count(*) FROM notifications_subscriber WHERE email = ANY(%s) GROUP BY 1",
        addresses,
    ):
        found[("newsletter", email)] = count
    for user_id, count in postgres.query(
        "SELECT user_id, count(*) FROM programs_registration WHERE event_id = %s GROUP BY 1", event
    ):
        found[("registration", str(user_id))] = count
    for user_id, count in postgres.query(
        "SELECT applicant_id, count(*) FROM delegations_application "
        "WHERE state = 'submitted' GROUP BY 1"
    ):
        found[("delegation", str(user_id))] = count
    return found


def outbox_rows(postgres: PrivatePostgres, since_id: int) -> list[tuple]:
    return postgres.query(
        "SELECT id, status, language, extract(epoch FROM sent_at) FROM notifications_notification "
        "WHERE id > %s AND NOT type_key = ANY(%s)",
        since_id,
        list(NOT_MAILED),
    )


def quiet(postgres: PrivatePostgres, smtp: CountingSMTPHandler, since_id: int) -> bool:
    """Nothing left to do: no row waiting, no job waiting, every sent row received."""
    rows = outbox_rows(postgres, since_id)
    if any(row[1] in ("pending", "sending") for row in rows):
        return False
    if postgres.query("SELECT count(*) FROM jobs_job WHERE failed_at IS NULL")[0][0]:
        return False
    received = {_row_id(entry.message_id) for entry in smtp.received}
    return all(row[0] in received for row in rows if row[1] == "sent")


def _row_id(message_id: str) -> int | None:
    match = MESSAGE_ID.search(message_id)
    return int(match.group(1)) if match else None


def wait_until_quiet(postgres, smtp, since_id: int, timeout: float) -> float | None:
    """Seconds until quiet (checked twice, a second apart), or None."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if quiet(postgres, smtp, since_id):
                time.sleep(1)
                if quiet(postgres, smtp, since_id):
                    return time.monotonic() - started
        except Exception:  # the database is still coming back
            pass
        time.sleep(0.5)
    return None


def judge(drill: str, *, items: list[Item], postgres, smtp, event: int, since_id: int,
          received_before: int) -> Verdict:  # fmt: skip
    verdict = Verdict(drill=drill, submitted=len(items))
    verdict.not_acknowledged = sum(not item.acknowledged for item in items)
    verdict.failed_requests = sum(item.failed_attempts for item in items)
    durations = sorted(seconds for item in items for seconds in item.request_seconds)
    if durations:
        verdict.median_request_seconds = statistics.median(durations)
        verdict.slowest_request_seconds = durations[-1]
    found = items_in_database(postgres, items, event)
    for item in items:
        count = found[(item.kind, item.key)]
        if item.acknowledged and count == 0:
            verdict.items_lost.append(f"{item.kind}:{item.key}")
        if count > 1:
            verdict.items_duplicated.append(f"{item.kind}:{item.key}")
    rows = outbox_rows(postgres, since_id)
    verdict.emails_expected = len(rows)
    received = [entry for entry in smtp.received[received_before:]]
    by_row = Counter(_row_id(entry.message_id) for entry in received)
    languages = {_row_id(entry.message_id): entry for entry in received}
    gaps: list[float] = []
    for row_id, _status, language, sent_at in rows:
        if by_row[row_id] == 0:
            verdict.emails_lost.append(row_id)
        elif by_row[row_id] > 1:
            verdict.emails_duplicated.append(row_id)
        entry = languages.get(row_id)
        if entry is not None and sent_at is not None:
            gaps.append(float(sent_at) - entry.at)
        if entry is not None and (
            entry.language != language or bool(ARABIC.search(entry.subject)) != (language == "ar")
        ):
            verdict.emails_wrong_language.append(row_id)
    verdict.unmarked_gap_seconds = max(gaps, default=0.0)
    return verdict
