"""Structured logs: one JSON line per request and per task; the request id the proxy
sends (or one made here) comes back in the response and follows into the tasks."""

import json
import logging

import pytest

from diplomacy.operations.structured_logs import (
    JsonFormatter,
    current_request_id,
    task_headers_add,
)
from diplomacy.operations.tasks import beat_heartbeat

pytestmark = pytest.mark.django_db


def json_lines(caplog, logger: str) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


def test_each_request_is_one_json_line_with_the_proxys_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="diplomacy.requests")
    response = client.get("/ar/publications/", HTTP_X_REQUEST_ID="proxy-1234abcd")

    assert response["X-Request-ID"] == "proxy-1234abcd"
    [line] = json_lines(caplog, "diplomacy.requests")
    assert line["request_id"] == "proxy-1234abcd"
    assert line["route"] == "ar/publications/" and line["view"] == "publications:list"
    assert line["status"] == 200 and line["method"] == "GET"
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_a_made_up_request_id_replaces_a_hostile_one_and_tokens_stay_out(client, caplog):
    caplog.set_level(logging.INFO, logger="diplomacy.requests")
    response = client.get(
        "/en/notifications/unsubscribe/secret-token-value/", HTTP_X_REQUEST_ID="<script>"
    )

    [line] = json_lines(caplog, "diplomacy.requests")
    assert line["request_id"] == response["X-Request-ID"] != "<script>"
    assert len(line["request_id"]) == 32
    assert "secret-token-value" not in json.dumps(line)


def test_the_request_id_follows_into_the_task_it_schedules(caplog):
    caplog.set_level(logging.INFO, logger="diplomacy.tasks")
    headers = {}
    token = current_request_id.set("request-5678efgh")
    try:
        task_headers_add(headers=headers)  # what publishing does (before_task_publish)
    finally:
        current_request_id.reset(token)
    assert headers == {"request_id": "request-5678efgh"}

    beat_heartbeat.apply(headers=headers)

    [line] = json_lines(caplog, "diplomacy.tasks")
    assert line["request_id"] == "request-5678efgh"
    assert line["task"] == "diplomacy.operations.tasks.beat_heartbeat"
    assert line["state"] == "SUCCESS"
    assert current_request_id.get() == ""  # nothing leaks into the next task
