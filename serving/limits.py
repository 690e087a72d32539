"""Counters for rate limits, shared by every worker of one machine without Redis.

django-ratelimit counts in a cache (`RATELIMIT_USE_CACHE`): with Redis, Redis itself
(atomic INCR, every node). Without it, each worker's memory cache would count on its own
— five reports an hour per worker is twenty with four workers — and Django's file-based
cache reads and rewrites a file, which is not atomic across processes. This cache keeps
integer counters in one SQLite file in the data folder: `add` and `incr` are single
statements under SQLite's write lock, so concurrent workers never lose a count. It needs
nothing beyond Python's own sqlite3.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL)"


class CountersCache(BaseCache):
    """A cache backend for integer counters only (what rate limits store)."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: each statement is its own transaction, under SQLite's write lock.
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=True)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(SCHEMA)
            self._local.connection = connection
        return connection

    def _expiry(self, timeout) -> float:
        seconds = self.get_backend_timeout(timeout)
        return float("inf") if seconds is None else time.time() + seconds

    @staticmethod
    def _count(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"CountersCache stores integer counters only, not {type(value).__name__}")
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("DELETE FROM counters WHERE key = ? AND expires <= ?", (key, time.time()))
        inserted = db.execute(
            "INSERT OR IGNORE INTO counters (key, value, expires) VALUES (?, ?, ?)",
            (key, self._count(value), self._expiry(timeout)),
        )
        return inserted.rowcount == 1

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute("SELECT value FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return default if row is None else row[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._db().execute(
            "INSERT OR REPLACE INTO counters (key, value, expires) VALUES (?, ?, ?)",
            (key, self._count(value), self._expiry(timeout)),
        )

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(
                "UPDATE counters SET value = value + ? WHERE key = ? AND expires > ? RETURNING value",
                (self._count(delta), key, time.time()),
            )
            .fetchone()
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        changed = self._db().execute(
            "UPDATE counters SET expires = ? WHERE key = ? AND expires > ?", (self._expiry(timeout), key, time.time())
        )
        return changed.rowcount == 1

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM counters WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key, version=None) -> bool:
        return self.get(key, version=version) is not None

    def clear(self) -> None:
        self._db().execute("DELETE FROM counters")
