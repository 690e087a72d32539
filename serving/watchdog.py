"""A deadline for every database statement, enforced from this process (see
serving/postgresql/base.py for why the server's own timeouts can't do it)."""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError

from serving.breaker import Breaker

logger = logging.getLogger(__name__)


@dataclass(order=True)
class _Watch:
    deadline: float
    number: int
    descriptor: int = field(compare=False)
    done: bool = field(default=False, compare=False)
    fired: bool = field(default=False, compare=False)


class Watchdog:
    """One thread per process: shuts the socket of a statement past its deadline, so the
    blocked read in the request's thread fails at once."""

    def __init__(self) -> None:
        self._watches: list[_Watch] = []
        self._numbers = itertools.count()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, descriptor: int, seconds: float) -> _Watch:
        item = _Watch(time.monotonic() + seconds, next(self._numbers), descriptor)
        with self._condition:
            heapq.heappush(self._watches, item)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()
            self._condition.notify()
        return item

    def done(self, item: _Watch) -> None:
        with self._condition:  # never while the watchdog is shutting this socket
            item.done = True

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._watches and self._watches[0].done:
                    heapq.heappop(self._watches)
                if not self._watches:
                    self._condition.wait()
                    continue
                delay = self._watches[0].deadline - time.monotonic()
                if delay > 0:
                    self._condition.wait(delay)
                    continue
                # Whatever else runs now waits on the same hung server: free them all.
                breaker.trip()
                while self._watches:
                    item = heapq.heappop(self._watches)
                    if not item.done:
                        item.fired = True
                        _shut(item.descriptor)


def _shut(descriptor: int) -> None:
    try:
        duplicate = socket.socket(fileno=os.dup(descriptor))
    except OSError:
        return  # already closed
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()
    logger.error("A database statement passed its deadline; its connection was closed")


watchdog = Watchdog()
# After a timeout, "database unavailable" at once for a while, then one try. Shared by
# every worker of this machine: when one finds the database hung, none of them sends
# more requests into the wait.
breaker = Breaker(
    "database-breaker",
    seconds=lambda: settings.DB_RETRY_AFTER_SECONDS,
    unavailable=lambda: OperationalError("database unavailable: a recent statement or connection timed out"),
)


class _Serving(threading.local):
    active = False


_serving = _Serving()


def request_started(**kwargs) -> None:
    _serving.active = True


def request_finished(**kwargs) -> None:
    _serving.active = False


def within_deadline(descriptor: int, run, *, on_timeout=None, always: bool = False):
    """`run()` with the socket `descriptor` shut if it takes longer than the deadline; after
    a timeout the breaker opens, and `run`'s error is raised (or `on_timeout` returned).

    Only statements run while serving a request have a deadline (unless `always`): a
    migration or `load_content` may run a long statement on purpose.
    """
    seconds = settings.DB_QUERY_TIMEOUT_SECONDS
    if not seconds or not (always or _serving.active):
        return run()
    item = watchdog.watch(descriptor, seconds)
    try:
        result = run()
    except Exception:
        if item.fired:
            breaker.trip()
        raise
    finally:
        watchdog.done(item)
    if item.fired:
        breaker.trip()
        return on_timeout
    return result


def watched_statement(execute, sql, params, many, context):
    """A Django execute wrapper: the statement runs under the watchdog's deadline."""
    trial = breaker.check()
    descriptor = context["connection"].connection.fileno()
    result = within_deadline(descriptor, lambda: execute(sql, params, many, context))
    breaker.succeeded(trial)
    return result
