"""A circuit breaker: one small object per outside service (PostgreSQL, Redis).

Three states, kept as one number (the time it is open until) that every worker of this
machine shares (serving/shared_number.py), so when one worker finds a service hung,
none of them sends more requests into the same wait:

- closed (0): calls go through;
- open (a time in the future): calls fail at once, without touching the service;
- half-open (a time in the past): the next caller makes the one try — it moves the time
  forward first, so the others still see the breaker open — and closes the breaker when
  it succeeds; a failure opens it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from serving.shared_number import in_data_dir


class Breaker:
    def __init__(self, name: str, *, seconds: Callable[[], float], unavailable: Callable[[], Exception]):
        self.name = name
        self.seconds = seconds  # a callable: tests and settings may change it
        self.unavailable = unavailable

    def _open_until(self):
        return in_data_dir(self.name, "float")

    def _trips(self):
        return in_data_dir(f"{self.name}-trips", "int")

    def trips(self) -> int:
        """How many times it has opened: a caller that remembers the count it last saw
        knows whether an outage happened since."""
        return self._trips().get()

    def is_open(self) -> bool:
        return time.time() < self._open_until().get()

    def check(self) -> bool:
        """Raise `unavailable()` while open; True when this caller makes the half-open try
        (it then calls `succeeded()` or `trip()`)."""
        until = self._open_until().get()
        if not until:
            return False
        now = time.time()
        if now < until:
            raise self.unavailable()
        self._open_until().set(now + self.seconds())
        return True

    def trip(self) -> None:
        self._open_until().set(time.time() + self.seconds())
        self._trips().set(self._trips().get() + 1)

    def succeeded(self, trial: bool) -> None:
        if trial:
            self.reset()

    def reset(self) -> None:
        if self._open_until().get():
            self._open_until().set(0.0)

    def call(self, run: Callable, *, trips_on: tuple[type[BaseException], ...]):
        """`run()` through the breaker: refused while open; an error of `trips_on` opens it."""
        trial = self.check()
        try:
            result = run()
        except trips_on:
            self.trip()
            raise
        self.succeeded(trial)
        return result
