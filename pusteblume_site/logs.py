"""
Logs an operator can search: one JSON object a line on stderr, each with
the id of the request it belongs to.

RequestIdMiddleware takes the id from the proxy's `X-Request-ID` (when it
looks like one) or makes one, echoes it in the response, and logs one line
per request with path, status and duration. Every other line logged while
the request runs (errors included) carries the same id and path, so the id
on the 500 page leads to the traceback.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from the proxy are taken as they are only when they cannot forge a
# log line or carry anything but an id.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

_current: ContextVar[tuple[str, str] | None] = ContextVar("request", default=None)
access_log = logging.getLogger("pusteblume.requests")


def current_request_id() -> str:
    """The id of the request being served, or "" outside one."""
    current = _current.get()
    return current[0] if current else ""


class RequestContextFilter(logging.Filter):
    """Add the running request's id and path to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _current.get()
        if current and not hasattr(record, "request_id"):
            record.request_id, path = current
            if not hasattr(record, "path"):
                record.path = path
        status = getattr(record, "status_code", None)
        if status is not None and not hasattr(record, "status"):
            record.status = status
        return True


class LineFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message and the extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "rename_fields",
            {"asctime": "time", "levelname": "level", "name": "logger"},
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s", *args, **kwargs
        )

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        # Django's own records carry the request object; it is no JSON.
        log_record.pop("request", None)
        log_record.pop("status_code", None)
        log_record.pop("server_time", None)

    def formatTime(self, record, datefmt=None):
        return (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z"
        )


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = (
            offered if VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        )
        request.id = request_id
        token = _current.set((request_id, request.path))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _current.reset(token)
