"""A node under load through the faults of bench/faults.py (a private PostgreSQL and Redis
of its own): no 500, seconds to recover, no traceback; a frozen Redis costs /healthz and a
cached page nothing; a held row lock answers the editor and shuts nobody out."""

from __future__ import annotations

import pytest

from bench.faults import run_faults

pytestmark = pytest.mark.django_db(False)


@pytest.fixture(scope="module")
def figures():
    return {result.fault: result for result in run_faults(seconds=4, clients=4, log=lambda *args: None)}


FAULTS = ["postgres-restart", "connections-ended", "redis-frozen", "redis-stopped", "row-lock"]


@pytest.mark.parametrize("fault", FAULTS)
def test_no_500_and_every_request_answered_again_within_5_seconds(figures, fault):
    result = figures[fault]
    assert result.errors_500 == 0, result
    assert result.failed == 0, result
    assert result.recovery_seconds is not None and result.recovery_seconds <= 5, result
    assert result.tracebacks == 0, result


def test_a_frozen_redis_costs_health_checks_and_cached_pages_nothing(figures):
    result = figures["redis-frozen"]
    assert result.health_median_ms < 50, result
    assert result.cached_median_ms < 50, result
    assert result.unavailable_503 == 0, result


def test_a_held_row_tells_the_editor_and_shuts_nobody_out(figures):
    result = figures["row-lock"]
    assert "told someone else is saving, form kept" in result.note, result
    assert result.unavailable_503 == 0, result
