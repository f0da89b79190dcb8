"""/healthz of a real web process whose parts are private instances: each part is stopped
in turn and the report names it, then it comes back."""

import pytest

from tests.diplomacy.operations.private_services import (
    ROOT,
    PortalProcess,
    PrivatePostgres,
    PrivateRedis,
    free_ports,
    wait_for,
)

pytestmark = pytest.mark.integration

WEB_PORT, CACHE_PORT, BROKER_PORT, POSTGRES_PORT = free_ports(4)


@pytest.fixture
def parts(tmp_path):
    cache, broker = PrivateRedis(CACHE_PORT, tmp_path), PrivateRedis(BROKER_PORT, tmp_path)
    database = PrivatePostgres(POSTGRES_PORT)
    environment = {
        "DATABASE_URL": database.url,
        "REDIS_URL": cache.url,
        "BROKER_URL": broker.url,
        "HEALTH_BEAT_HEARTBEAT_SECONDS": "1",
        "HEALTH_BEAT_STALE_SECONDS": "4",
        "HEALTH_QUEUE_DEPTH_LIMIT": "100000",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    web = PortalProcess.web(WEB_PORT, environment, tmp_path / "web.log")
    beat = PortalProcess(
        [str(ROOT / ".venv/bin/celery"), "-A", "diplomacy", "beat", "--loglevel=WARNING",
         "--schedule", str(tmp_path / "beat-schedule")],
        environment, tmp_path / "beat.log",
    )  # fmt: skip
    started = [cache, broker, database, web, beat]
    try:
        for part in started:
            part.start()
        yield {"cache": cache, "broker": broker, "database": database, "web": web, "beat": beat}
    finally:
        for part in reversed(started):
            part.stop()
        database.remove()


def report_when(web: PortalProcess, expected_failed: list[str], timeout: float = 30.0) -> dict:
    seen = []

    def report():
        seen.append(web.get("/healthz").json())
        return seen[-1] if seen[-1]["failed"] == expected_failed else None

    try:
        return wait_for(report, timeout=timeout, interval=0.5)
    except TimeoutError:
        raise AssertionError(f"expected {expected_failed}, last report: {seen[-1]}") from None


def test_healthz_names_each_part_that_stops_and_sees_it_return(parts):
    web = parts["web"]
    healthy = report_when(web, [], timeout=120)  # beat's first heartbeat, on a busy machine
    assert healthy["status"] == "ok"
    assert set(healthy["checks"]) == {"database", "cache", "broker", "beat", "queues"}
    # Nothing serves the queues here: beat's heartbeats pile up in "default".
    assert wait_for(lambda: web.get("/healthz").json()["queues"]["default"] >= 2)
    assert set(healthy["queues"]) == {"default", "notifications", "translation", "media"}

    parts["beat"].stop()
    silent = report_when(web, ["beat"])
    assert silent["status"] == "degraded" and silent["beat_seconds_ago"] > 4
    assert web.get("/healthz").status_code == 200  # pages still served: stay in rotation
    parts["beat"].start()
    report_when(web, [], timeout=120)

    parts["broker"].stop()
    assert report_when(web, ["broker", "beat"])["status"] == "degraded"
    parts["broker"].start()
    report_when(web, [], timeout=60)  # beat reconnects and beats again

    parts["cache"].stop()
    assert report_when(web, ["cache"])["status"] == "unavailable"
    assert web.get("/healthz").status_code == 503
    parts["cache"].start()
    report_when(web, [])

    parts["database"].stop()
    assert report_when(web, ["database"])["status"] == "unavailable"
    assert web.get("/healthz").status_code == 503
    parts["database"].start()
    assert report_when(web, [])["status"] == "ok"
