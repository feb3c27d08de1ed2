"""
One JSON line per request, for production's log collector (`ASKWELL_REQUEST_LOG`, on
unless DEBUG; in development runserver prints its own lines).

    {"time": "2026-12-07T01:02:03.456Z", "level": "INFO", "logger": "askwell.requests",
     "method": "GET", "path": "/forum/", "view": "forum:index", "status": 200,
     "duration_ms": 12.4, "member": false}

Nothing in it says who a reader is: `member` is only whether the request was signed
in. The query string is never logged (a search is what someone typed about their
health), and the parts of an address that are secrets (e-mail confirmation and
password-reset keys, setup and unsubscribe tokens) are replaced by their name. No
address, user agent, cookie or referrer. Successful health checks are left out, so
that a load balancer's checks every few seconds do not bury the site's requests.
"""

import json
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

logger = logging.getLogger("askwell.requests")

# URL parameters that are secrets, shown as "<name>" instead of their value.
SECRET_URL_PARTS = {"key", "token", "uidb36", "uidb64", "signature"}
HEALTH_VIEW = "health"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that its time covers the whole of Django's work on the
    request, static files from WhiteNoise included."""

    def __init__(self, get_response):
        if not settings.ASKWELL_REQUEST_LOG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else None
        if view == HEALTH_VIEW and response.status_code == 200:
            return response
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_fields": {
                    "method": request.method,
                    "path": _loggable_path(request.path, match),
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(duration_ms, 1),
                    "member": _signed_in(request),
                }
            },
        )
        return response


def _loggable_path(path, match):
    if match is None:
        return path
    for name, value in match.kwargs.items():
        if name in SECRET_URL_PARTS and str(value):
            path = path.replace(str(value), f"<{name}>")
    return path


def _signed_in(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: a request's fields when it is one, otherwise
    the message (and the traceback, if any)."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        fields = getattr(record, "request_fields", None)
        if fields is not None:
            line |= fields
        else:
            line["message"] = record.getMessage()
            if record.exc_info:
                line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
