"""A request id in every log line: taken from the proxy's X-Request-ID, else made here.

nginx sets ``X-Request-ID: $request_id`` (deploy/nginx), so its access log, gunicorn's and
the portal's lines of one request share the id; the id is echoed in the response so a
resident's report of an error can be matched with the log. An id from outside is accepted
only in a short, plain form, so a client cannot write arbitrary text into the log.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if ACCEPTED.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset when the middleware returns: Django logs a 4xx or 5xx response after the
        # whole middleware chain has run. The id is cleared when the response is finished.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response.headers[HEADER] = request_id
        return response


def clear_request_id(**kwargs):
    current_request_id.set(None)


request_finished.connect(clear_request_id, dispatch_uid="saker_trygg.request_id")


class AddRequestId(logging.Filter):
    """Puts the current request's id on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector (DJANGO_LOG_FORMAT=json)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
