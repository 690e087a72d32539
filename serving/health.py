"""Health, for load balancers and monitoring (JSON, never cached).

- `/healthz`, liveness: this process serves requests. It touches neither the database
  nor the cache, so a node that can still serve cached pages while the database is down
  or hangs stays in the load balancer's rotation. This is the one a load balancer checks.
- `/readyz`, readiness: the database answers (within the client-side deadline) and the
  cache works. 503 when the database doesn't: for deploys and alerts, not for routing.
"""

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
    except Exception as error:  # an expected outage, not a bug: no traceback
        logger.error("Readiness check: database unreachable: %s", error)
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception as error:
        logger.error("Readiness check: cache unreachable: %s", error)
        return False


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    database, cache_ok = _database_ok(), _cache_ok()
    # Without the database nothing can be served; without the cache pages are slower only.
    status = "ok" if database and cache_ok else ("degraded" if database else "unavailable")
    body = {"status": status, "database": "ok" if database else "error", "cache": "ok" if cache_ok else "error"}
    return JsonResponse(body, status=200 if database else 503)
