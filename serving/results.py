"""Results computed once per content version: shared by every worker (`remember`: PDFs,
print sheets; `produce_once`: one render of a page during a rush) and kept by one
process (`memo`: the search index and best bets). Each is stored with the version it
was made under (serving/versions.py) and never used under another.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from django.core.cache import cache

from serving import versions

T = TypeVar("T")

# After a change every page misses at once. During a rush, the requests for one page
# wait (polling) for the one request that renders it, rather than all rendering it.
PAGE_WAIT_SECONDS = 2.0
PAGE_POLL_SECONDS = 0.01


class StillRendering(Exception):
    """Another request has been producing the same thing for longer than we wait."""


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
        versions.log_cache_error("Cache unavailable for a render lock")
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
                versions.log_cache_error("Cache unavailable while waiting for a render")
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
        versions.log_cache_error("Cache unavailable while looking for a render")
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
    version = versions.current_version()
    if version is None:
        return produce()
    key = remembered_key(name=name, parts=parts, version=version)
    try:
        value = cache.get(key)
    except Exception:  # the cache went away since current_version(): produce uncached
        versions.log_cache_error("Cache unavailable for %s", name)
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
    version = versions.current_version()
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
    """Drop this process's memos, the database's version among them (tests roll the
    database back under them)."""
    _memos.clear()
    versions.forget_database_version()
