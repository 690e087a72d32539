"""Public page caching and its one invalidation entry point.

Rules (DESIGN.md): only anonymous, cookie-less GET/HEAD responses with status 200 from
views marked `@public_page` are cached — never staff previews, search results or forms.
Keys vary by host, language prefix and the full query string; each page is stored with
the content version it was rendered under and served only under that version. Every
content change calls `invalidate()`, which bumps the version in the database and
publishes it to the shared cache, so every worker on every node stops using older pages
at once. A hit costs one cache round trip (version and page read together). Pages also
expire on their own (PAGE_CACHE_SECONDS).

If the cache (Redis) fails, pages are rendered from the database, the error is logged,
and the worker re-reads the version from the database once the cache answers again, so
no page cached before the outage outlives a change made during it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime, timedelta
from datetime import time as dt_time
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from editorial import registry
from editorial.models import ContentVersion

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# How often a worker confirms the shared version against the database, at most.
RESYNC_SECONDS = 30
# After a change every page misses at once. During a rush, the requests for one page
# wait (polling) for the one request that renders it, rather than all rendering it.
PAGE_WAIT_SECONDS = 2.0
PAGE_POLL_SECONDS = 0.01


T = TypeVar("T")


class StillRendering(Exception):
    """Another request has been producing the same thing for longer than we wait."""


class _WorkerState(threading.local):
    checked_at = 0.0
    cache_failed = False
    publish_scheduled: weakref.ref | None = None


_state = _WorkerState()


def public_page(view: Callable) -> Callable:
    """Mark a view's responses as cacheable public pages (the middleware decides the rest)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapped


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


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded: the loader invalidates once at the end
        return
    invalidate()


def _model_saved_or_deleted(sender, **kwargs) -> None:
    if registry.is_content(sender):
        _content_changed(sender, **kwargs)


def _relation_changed(sender, instance, **kwargs) -> None:
    # `sender` is the through model; `instance` the side whose relation changed.
    if registry.is_content(type(instance)):
        _content_changed(sender, **kwargs)


def connect_content_signals() -> None:
    """Any save or delete of a content model (editorial.registry), from the admin or
    anywhere else, invalidates. Connected once for every sender: apps register their
    models after this layer is ready."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_model_saved_or_deleted, dispatch_uid="invalidate-on-save")
    post_delete.connect(_model_saved_or_deleted, dispatch_uid="invalidate-on-delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="invalidate-on-m2m")


def _publish_version() -> None:
    try:
        cache.set(VERSION_KEY, database_version(), timeout=None)
        _state.checked_at = time.monotonic()
    except Exception:
        logger.exception("Could not publish the content version to the cache")
        _state.cache_failed = True


def current_version() -> int | None:
    """The content version pages are cached under, or None when the cache can't be used."""
    try:
        shared = cache.get(VERSION_KEY)
    except Exception:
        _cache_failed("Page cache unavailable; serving from the database")
        return None
    return _confirmed_version(shared)


def _cache_failed(message: str) -> None:
    logger.warning(message, exc_info=True)
    _state.cache_failed = True


def _confirmed_version(shared: int | None) -> int | None:
    """The version to serve under, given the one the shared cache holds.

    Trusted as is, except when it is missing, after a cache failure, or when this
    worker last confirmed it against the database more than RESYNC_SECONDS ago.
    """
    stale = time.monotonic() - _state.checked_at > RESYNC_SECONDS
    if shared is not None and not _state.cache_failed and not stale:
        return shared
    try:
        known = database_version()
    except DatabaseError:
        return None  # the view will meet the same error and answer 503
    if shared != known:
        try:
            cache.set(VERSION_KEY, known, timeout=None)
        except Exception:
            _cache_failed("Page cache unavailable; serving from the database")
            return None
    _state.cache_failed = False
    _state.checked_at = time.monotonic()
    return known


def produce_once(*, lock: str, fetch: Callable[[], T | None], produce: Callable[[], T], wait: float, poll: float) -> T:
    """Run `produce()`, unless another request is already producing the same thing: then
    wait for its result.

    The producer holds `lock` in the shared cache (for `wait` seconds at most); the others
    poll `fetch()` for its result. If that request fails (its lock goes without a result)
    they produce it themselves; after `wait` seconds, StillRendering. Without a working
    cache everyone produces their own.
    """
    try:
        holder = cache.add(lock, 1, wait)
    except Exception:
        logger.warning("Cache unavailable for a render lock", exc_info=True)
        return produce()
    if not holder:
        deadline = time.monotonic() + wait
        while True:
            time.sleep(poll)
            try:
                # The lock first: the producer stores its result before releasing the lock,
                # so once the lock is gone, this fetch sees whatever it stored.
                released = cache.get(lock) is None
                value = fetch()
                if value is not None:
                    return value
                if released:
                    break  # that request failed or kept nothing: produce it ourselves
            except Exception:
                logger.warning("Cache unavailable while waiting for a render", exc_info=True)
                break
            if time.monotonic() >= deadline:
                raise StillRendering(lock)
    elif (value := _fetch_quietly(fetch)) is not None:
        # Produced and released between our first look and taking the lock.
        _release(lock)
        return value
    try:
        return produce()
    finally:
        if holder:
            _release(lock)


def _fetch_quietly(fetch: Callable[[], T | None]) -> T | None:
    try:
        return fetch()
    except Exception:
        logger.warning("Cache unavailable while looking for a render", exc_info=True)
        return None


def _release(lock: str) -> None:
    with contextlib.suppress(Exception):
        cache.delete(lock)


def remember(*, name: str, parts: Sequence[str], produce: Callable[[], T], seconds: int, wait: float, poll: float) -> T:
    """`produce()`'s result, kept in the shared cache for the current content version
    under `name` and `parts` (everything the result depends on), for `seconds`.

    Requests that ask for the same thing while it is being produced wait for it
    (`produce_once`; StillRendering after `wait` seconds). Without a working cache,
    every request produces its own.
    """
    version = current_version()
    if version is None:
        return produce()
    key = remembered_key(name=name, parts=parts, version=version)
    try:
        value = cache.get(key)
    except Exception:  # the cache went away since current_version(): produce uncached
        logger.warning("Cache unavailable for %s", name, exc_info=True)
        return produce()
    if value is not None:
        return value

    def produce_and_store() -> T:
        value = produce()
        cache.set(key, value, seconds)
        return value

    return produce_once(
        lock=f"{key}:rendering", fetch=lambda: cache.get(key), produce=produce_and_store, wait=wait, poll=poll
    )


def remembered_key(*, name: str, parts: Sequence[str], version: int) -> str:
    """Where `remember` keeps a result (its render lock: the same with ":rendering")."""
    return f"{name}:{version}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"


# Per process: values computed from one content version (the search texts, per language).
# A new version replaces them all; without a version (cache down) nothing is kept.
_memos: dict[tuple[str, Hashable], tuple[int, object]] = {}


def memo(*, name: str, key: Hashable, produce: Callable[[], T]) -> T:
    """`produce()`'s result, kept in this process until the content version changes."""
    version = current_version()
    if version is None:
        return produce()
    found = _memos.get((name, key))
    if found is not None and found[0] == version:
        return found[1]  # type: ignore[return-value]
    if any(kept_version != version for kept_version, _value in _memos.values()):
        _memos.clear()
    value = produce()
    _memos[(name, key)] = (version, value)
    return value


def forget_memos() -> None:
    """Drop this process's memos (tests roll the database back under them)."""
    _memos.clear()


def page_key(request) -> str:
    # The full path carries the language prefix and the whole query string. The content
    # version is stored with the page rather than in its key, so one round trip to the
    # cache (version + page together) answers a hit.
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"page:{hashlib.sha256(raw.encode()).hexdigest()}"


def render_lock(key: str, version: int) -> str:
    """The lock held while one request renders the page under `key` for `version`."""
    return f"{key}:rendering:{version}"


def is_cacheable_request(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.COOKIES and "HTTP_AUTHORIZATION" not in request.META


def is_cacheable_response(response) -> bool:
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Serves cached public pages before any other work, and stores new ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:
            _cache_failed("Page cache unavailable; serving from the database")
            return self.get_response(request)
        version = _confirmed_version(found.get(VERSION_KEY))
        if version is None:
            return self.get_response(request)
        if page := _page_if_current(found.get(key), version):
            return page
        try:
            return produce_once(
                lock=render_lock(key, version),
                fetch=lambda: _page_if_current(cache.get(key), version),
                produce=lambda: self.render_and_store(request, key, version),
                wait=PAGE_WAIT_SECONDS,
                poll=PAGE_POLL_SECONDS,
            )
        except StillRendering:
            # The other render is slow or stuck: don't keep the visitor waiting longer.
            return self.render_and_store(request, key, version)

    def render_and_store(self, request, key: str, version: int):
        response = self.get_response(request)
        if is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.BROWSER_CACHE_SECONDS)
            set_response_etag(response)
            try:
                # Stored with the version it was rendered under: a page rendered while
                # content changed is never served under the newer version.
                cache.set(key, (version, response), page_lifetime())
            except Exception:
                logger.warning("Page cache write failed", exc_info=True)
            response["X-Cache"] = "miss"
        return response


def page_lifetime() -> int:
    """Seconds a page is kept: PAGE_CACHE_SECONDS, but never past local midnight, since
    some pages print today's date (the print sheet)."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), dt_time.min, tzinfo=now.tzinfo)
    return max(1, min(settings.PAGE_CACHE_SECONDS, math.ceil((midnight - now).total_seconds())))


def _page_if_current(stored, version: int):
    """A stored (version, response) pair's response, if rendered under `version`."""
    if stored is None or stored[0] != version:
        return None
    response = stored[1]
    response["X-Cache"] = "hit"
    return response
