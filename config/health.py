"""
`/health/`: whether this app server can serve pages, for a load balancer, an uptime
monitor or a deploy script.

It asks the database for `SELECT 1` and writes a value to the cache and reads it back,
and answers 200 `{"status": "ok", "database": "ok", "cache": "ok"}`, or 503 with
`"status": "error"` and which of the two failed. It names no host, version, setting or
error message (those go to the log), is never cached, sets no cookie and opens no
session; it answers over plain HTTP too (SECURE_REDIRECT_EXEMPT), since load balancers
usually check the app servers directly.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("askwell.health")

CACHE_KEY = "health-check"


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database did not answer.", exc_info=True)
        return False


def _cache_ok():
    # A value of this request's own, so that an old one left in the cache proves
    # nothing; Askwell's Redis cache turns an outage into misses (config/cache.py).
    value = secrets.token_hex(8)
    try:
        cache.set(CACHE_KEY, value, timeout=30)
        if cache.get(CACHE_KEY) == value:
            return True
        logger.warning("Health check: the cache did not keep a value.")
    except Exception:
        logger.warning("Health check: the cache did not answer.", exc_info=True)
    return False


@never_cache
@require_safe
def health(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body |= {part: "ok" if ok else "error" for part, ok in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)
