"""/healthz: is this node able to serve? JSON for load balancers and monitoring."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        logger.exception("Health check: cache unreachable")
        return False


@never_cache
def healthz(request):
    database, cache_ok = _database_ok(), _cache_ok()
    # Without the database nothing can be served; without the cache pages are slower only.
    status = "ok" if database and cache_ok else ("degraded" if database else "unavailable")
    body = {"status": status, "database": "ok" if database else "error", "cache": "ok" if cache_ok else "error"}
    return JsonResponse(body, status=200 if database else 503)
