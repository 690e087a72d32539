"""Redis behind a circuit breaker (serving/breaker.py), as PostgreSQL is.

A Redis that accepts connections and never answers (a stopped process, a full network
buffer) would make every request wait for its socket timeout. After one such timeout, or
a refused connection, every worker of this machine stops asking Redis for
REDIS_RETRY_AFTER_SECONDS, then one request tries again; the site recovers by itself.

While the breaker is open:

- the content version comes from the database, confirmed at most once a second
  (serving/versions.py), so no hit is served that another node's edit made stale for
  longer than that; pages are served from each worker's own copies and rendered from the
  database when it has none;
- rate limits count on this machine's own counters (`LimitsCache`): never "no limit",
  never an error.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.functional import cached_property

from serving.breaker import Breaker
from serving.limits import CountersCache

logger = logging.getLogger(__name__)


class RedisUnavailable(Exception):
    """Redis is not asked: it failed a moment ago (the breaker is open)."""


breaker = Breaker(
    "redis-breaker",
    seconds=lambda: settings.REDIS_RETRY_AFTER_SECONDS,
    unavailable=lambda: RedisUnavailable("Redis unavailable: it failed a moment ago"),
)


def _outage_errors() -> tuple[type[BaseException], ...]:
    import redis

    # Timeouts and refused or dropped connections; a reply Redis gives (a wrong type, a
    # full memory) is an answer, not an outage.
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def call(run):
    """`run()` (a call to Redis) through the breaker: RedisUnavailable while it is open."""
    return breaker.call(run, trips_on=_outage_errors())


def is_outage(error: BaseException) -> bool:
    return isinstance(error, (RedisUnavailable, *_outage_errors()))


class _GuardedClient:
    """Django's Redis client with every call through the breaker."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        method = getattr(self._client, name)
        if not callable(method) or name == "get_client":
            return method

        def guarded(*args, **kwargs):
            return call(lambda: method(*args, **kwargs))

        return guarded


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache whose calls go through the breaker."""

    @cached_property
    def _cache(self):
        return _GuardedClient(self._class(self._servers, **self._options))


class LimitsCache(BaseCache):
    """Rate-limit counters: in Redis (every node counts together), or, while Redis can't be
    reached, in this machine's own counters (serving/limits.py) — so a limit holds per
    machine during an outage instead of failing open or answering 500."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self.redis = RedisCache(location, params)
        self.local = CountersCache(params["FALLBACK"], params)

    def _either(self, name: str, *args, **kwargs):
        try:
            return getattr(self.redis, name)(*args, **kwargs)
        except Exception as error:
            if not is_outage(error):
                raise
            if not isinstance(error, RedisUnavailable):  # the outage's first error only
                logger.warning("Rate limits count on this machine while Redis is unavailable: %s", error)
            return getattr(self.local, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._either("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("set", key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._either("incr", key, delta, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._either("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._either("delete", key, version)

    def has_key(self, key, version=None):
        return self._either("has_key", key, version)

    def clear(self):
        self.local.clear()
        return self._either("clear")
