"""Structured logs: one JSON line per request and per task, each with a request id.

The id comes from the reverse proxy's `X-Request-ID` when it sends a sane one (so the
proxy's access log and ours meet), else it is made here; the response carries it back.
Tasks scheduled while a request is served carry it in a message header, so a job's
lines name the request that caused it. Lines say which route ran (the URL pattern, not
the path: paths can hold tokens) and never a query string or a form value.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_META_KEY = "HTTP_X_REQUEST_ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")
# The celery message header that carries the id into the tasks a request schedules.
TASK_HEADER = "request_id"

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
request_logger = logging.getLogger("diplomacy.requests")
task_logger = logging.getLogger("diplomacy.tasks")

# Attributes every LogRecord has; whatever else a record carries came in `extra`.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object on one line, with the current request id."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_id_stamp() -> None:
    """Every log record notes the request id when it is made (formatting comes later,
    perhaps on another thread, when the id is no longer current)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return

    def stamped(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.request_id = current_request_id.get()
        return record

    stamped.stamps_request_id = True
    logging.setLogRecordFactory(stamped)


def request_id_from(request: HttpRequest) -> str:
    # From META: `request.headers` would copy every header of every request, the static
    # files' included, for this one.
    offered = request.META.get(REQUEST_ID_META_KEY, "")
    return offered if REQUEST_ID_PATTERN.fullmatch(offered) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the chain: binds the request id, then logs the request once, answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": match.route if match else "",
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


# --- Celery: the id follows the job; one line per task --------------------------------

_task_started: dict[str, float] = {}


def task_headers_add(headers: dict | None = None, **_) -> None:
    """before_task_publish: the scheduling request's id goes along with the message."""
    request_id = current_request_id.get()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


def task_context_bind(task_id: str | None = None, task=None, **_) -> None:
    """task_prerun: the job's lines carry the id of the request that scheduled it."""
    request = getattr(task, "request", None)
    # A worker sees message headers as attributes of the request; eager runs keep them apart.
    request_id = getattr(request, TASK_HEADER, None) or (
        getattr(request, "headers", None) or {}
    ).get(TASK_HEADER)
    current_request_id.set(request_id or "")
    _task_started[task_id or ""] = time.perf_counter()


def task_line_write(task_id: str | None = None, task=None, state: str | None = None, **_) -> None:
    """task_postrun: one line per task run, then the context is cleared."""
    started = _task_started.pop(task_id or "", None)
    task_logger.info(
        "task",
        extra={
            "task": getattr(task, "name", ""),
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    current_request_id.set("")
