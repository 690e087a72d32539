"""The circuit breaker every outside service sits behind: closed, open until a time,
half-open for one try."""

import time

import pytest

from serving.breaker import Breaker


class Down(Exception):
    pass


@pytest.fixture
def breaker(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return Breaker("test-breaker", seconds=lambda: 0.2, unavailable=lambda: Down("not asked"))


def fail():
    raise OSError("timed out")


def test_an_error_opens_it_and_then_nothing_is_asked_until_the_time(breaker):
    assert breaker.call(lambda: "answer", trips_on=(OSError,)) == "answer"
    with pytest.raises(OSError):
        breaker.call(fail, trips_on=(OSError,))
    asked = []
    with pytest.raises(Down):
        breaker.call(lambda: asked.append(1), trips_on=(OSError,))
    assert asked == []
    assert breaker.trips() == 1


def test_after_the_time_one_caller_tries_while_the_others_are_refused(breaker):
    breaker.trip()
    time.sleep(0.25)
    assert breaker.check() is True  # half-open: this caller makes the one try
    with pytest.raises(Down):
        breaker.check()  # everyone else: still open
    breaker.succeeded(True)
    assert breaker.check() is False  # closed again
    assert not breaker.is_open()


def test_a_failed_try_opens_it_again(breaker):
    breaker.trip()
    time.sleep(0.25)
    with pytest.raises(OSError):
        breaker.call(fail, trips_on=(OSError,))
    with pytest.raises(Down):
        breaker.check()
    assert breaker.trips() == 2


def test_an_error_that_is_an_answer_does_not_open_it(breaker):
    with pytest.raises(ValueError):
        breaker.call(lambda: int("x"), trips_on=(OSError,))
    assert breaker.check() is False
