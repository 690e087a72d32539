"""The content version: one number every worker of every node agrees on, which everything
cached is stored with and used only under (serving/page_cache.py for pages,
serving/results.py for PDFs and per-process memos).

Every content change calls `invalidate()`, which bumps the version in the database once
per transaction and, on commit, publishes it to the shared version store — Redis when the
site has one (every worker of every node reads it), otherwise a memory-mapped file in
the data folder (every worker of this machine reads it). After a save returns no worker
of the saving machine serves an older page, and no worker of another node does 250 ms
later: with Redis each worker keeps a reading of the version that a subscriber thread
refreshes on every save and every 0.1 s, trusted for 250 ms, so a hit costs no round
trip (serving/version_in_redis.py). Reading the version costs no database query;
entries also expire on their own (PAGE_CACHE_SECONDS). What counts as a content change is editorial's
business (editorial/content_changes.py): this module only keeps the number.

If the cache (Redis) fails, its circuit breaker opens (serving/redis_guard.py) and the
machine stops asking it for a few seconds. Meanwhile the rule that no hit is served
under an unconfirmed version still holds: the worker takes the version from the
database, at most once a second (CONFIRM_SECONDS), and serves its own copies of pages
under it, rendering the others from the database. Once the cache answers again the
worker confirms the version against the database before serving a hit from it, so no
page cached before the outage outlives a change made during it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import weakref

from django.conf import settings
from django.db import DatabaseError, transaction

from serving import redis_guard, version_in_redis
from serving.models import ContentVersion
from serving.shared_number import in_data_dir
from serving.version_in_redis import VersionInRedis

logger = logging.getLogger(__name__)

# How often a worker confirms the shared version against the database, at most.
RESYNC_SECONDS = 30
# While the shared store can't be read, how old the version a hit is served under may be:
# another node's edit shows here within this time.
CONFIRM_SECONDS = 1.0


class _WorkerState(threading.local):
    checked_at = 0.0
    cache_failed = False
    # The Redis breaker's trips when this worker last confirmed the version: an outage
    # since (seen by any worker of the machine) means confirm again before a hit.
    confirmed_trips = 0
    publish_scheduled: weakref.ref | None = None


_state = _WorkerState()


def database_version() -> int:
    return ContentVersion.current()


def invalidate() -> None:
    """The one entry point for "content changed": every save, delete, restore, import.

    Within one transaction the version is bumped once, however many objects change.
    """
    scheduled = _state.publish_scheduled() if _state.publish_scheduled else None
    if scheduled is not None and transaction.get_connection().in_atomic_block:
        return  # this transaction already bumps the version, and publishes it at its end

    def publish() -> None:
        _publish_version()

    ContentVersion.bump()
    transaction.on_commit(publish)
    # Only the transaction's list of commit callbacks holds `publish`: once the
    # transaction commits or rolls back, Django drops that list and this weak reference
    # dies with it, so the next transaction bumps again.
    _state.publish_scheduled = weakref.ref(publish)


class _VersionInFile:
    """The shared version without Redis: a number every worker of this machine maps into
    memory (serving/shared_number.py), so a hit reads it with no system call and a save
    in one worker reaches all of them at once."""

    def get(self) -> int | None:
        return in_data_dir("content-version").get() or None

    def set(self, value: int) -> None:
        in_data_dir("content-version").set(value)

    def trusted(self) -> int | None:
        return None  # get() is as cheap: a read of memory


_version_in_redis = VersionInRedis(version_in_redis.feed)
_version_in_file = _VersionInFile()


def shared_version_store() -> VersionInRedis | _VersionInFile:
    """Where workers agree on the content version: Redis if the site has one, else a file."""
    return _version_in_redis if settings.REDIS_URL else _version_in_file


def shared_version_store_changed() -> None:
    """REDIS_URL, the cache's key prefix or the data folder changed (tests)."""
    _version_in_redis.forget()


def _publish_version() -> None:
    try:
        version = database_version()
        _remember_database_version(version)  # this node shows its own edit at once, Redis or not
        shared_version_store().set(version)
        _state.checked_at = time.monotonic()
    except Exception:
        cache_failed("Could not publish the content version to the cache")


_UNREADABLE = object()


def _read_shared():
    """The shared version: this process's fresh reading of it when it has one (no round
    trip, serving/version_in_redis.py), else read from the store now; _UNREADABLE when
    the store can't be read."""
    store = shared_version_store()
    try:
        trusted = store.trusted()
        return trusted if trusted is not None else store.get()
    except Exception:
        cache_failed("Page cache unavailable; serving from the database")
        return _UNREADABLE


# (when, version): the database's version as this process last read it while the shared
# store could not be read. One tuple, replaced whole, so threads never see half of it.
_from_database: tuple[float, int] | None = None


def _remember_database_version(version: int) -> None:
    global _from_database
    _from_database = (time.monotonic(), version)


def forget_database_version() -> None:
    """Forget the database's version this process last read (tests roll the database
    back under it)."""
    global _from_database
    _from_database = None


def _version_from_database() -> int | None:
    """The database's version, read at most once every CONFIRM_SECONDS by this process;
    None when the database can't be read either."""
    found = _from_database
    if found is not None and time.monotonic() - found[0] < CONFIRM_SECONDS:
        return found[1]
    try:
        version = database_version()
    except DatabaseError:
        return None  # the view will meet the same error and answer 503
    _remember_database_version(version)
    return version


def version_for_hit() -> int | None:
    """The version a cached page may be served under, or None: render it.

    Read from the shared store without a database query. While the store can't be read,
    the database's version (at most CONFIRM_SECONDS old); when this worker saw the cache
    fail and it answers again, None until a render confirms the version.
    """
    shared = _read_shared()
    if shared is _UNREADABLE:
        return _version_from_database()
    if shared is None or _needs_confirmation():
        return None
    return shared


def _needs_confirmation() -> bool:
    return _state.cache_failed or _state.confirmed_trips != redis_guard.breaker.trips()


def current_version() -> int | None:
    """The content version things are cached under, or None when the cache can't be used."""
    shared = _read_shared()
    return _version_from_database() if shared is _UNREADABLE else _confirmed_version(shared)


def cache_failed(message: str) -> None:
    log_cache_error(message)
    _state.cache_failed = True


def log_cache_error(message: str, *args) -> None:
    """Log the cache error being handled. Redis' open breaker says nothing: that outage
    was logged when it began, and saying so per request costs. An outage (a timeout, a
    refused connection) is expected, not a bug: one line, no traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, redis_guard.RedisUnavailable):
        return
    if error is not None and redis_guard.is_outage(error):
        logger.warning(message + ": %s", *args, error)
    else:
        logger.warning(message, *args, exc_info=True)


def version_before_render(shared: int | None) -> int | None:
    """The version to render and store a page under: the shared one, confirmed against
    the database when this worker has not done so for RESYNC_SECONDS (a render reads the
    database anyway)."""
    return _confirmed_version(shared, before_render=True)


def _confirmed_version(shared: int | None, *, before_render: bool = False) -> int | None:
    """The version to serve under, given the one the shared store holds.

    Trusted as is, so a hit makes no database query, except when it is missing or this
    worker saw the cache fail; before a render (which reads the database anyway) also
    when this worker last confirmed it more than RESYNC_SECONDS ago.
    """
    stale = before_render and time.monotonic() - _state.checked_at > RESYNC_SECONDS
    if shared is not None and not _needs_confirmation() and not stale:
        return shared
    try:
        known = database_version()
    except DatabaseError:
        return None  # the view will meet the same error and answer 503
    _remember_database_version(known)
    trips = redis_guard.breaker.trips()
    if shared != known or _needs_confirmation():
        try:
            shared_version_store().set(known)
        except Exception:
            # Still the database's own version: pages rendered now are kept by this
            # worker under it, and the store is set once it answers again.
            cache_failed("Page cache unavailable; serving from the database")
            return known
    _state.cache_failed = False
    _state.confirmed_trips = trips
    _state.checked_at = time.monotonic()
    return known
