"""Logging for expected refusals: one warning line, never a traceback.

Django logs every 4xx response that comes from an exception (Http404, PermissionDenied,
BadRequest, SuspiciousOperation) with the exception attached, so a crawler probing for pages
fills the log with tracebacks that hide the real errors. The filter keeps the line and drops the
traceback for anything answered below 500; a 500 keeps its traceback.
"""

import logging

# django.security logs each SuspiciousOperation to a child logger named after its class, and a
# logger's filters only see records logged on that very logger, so each one is listed.
SECURITY_LOGGERS = [
    f"django.security.{name}"
    for name in [
        "SuspiciousOperation",
        "DisallowedHost",
        "DisallowedRedirect",
        "DisallowedModelAdminLookup",
        "DisallowedModelAdminToField",
        "InvalidSessionKey",
        "RequestDataTooBig",
        "SuspiciousFileOperation",
        "SuspiciousMultipartForm",
        "SuspiciousSession",
        "TooManyFieldsSent",
        "TooManyFilesSent",
        "csrf",
    ]
]
REFUSAL_LOGGERS = ["django.request", "django.security", *SECURITY_LOGGERS]


class DropTracebackOfRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            # A refused request is the client's doing, not ours: a warning, not an error to
            # mail to the administrators (django.security logs SuspiciousOperation at ERROR).
            if record.levelno > logging.WARNING:
                record.levelno = logging.WARNING
                record.levelname = logging.getLevelName(logging.WARNING)
        return True
