"""Faults of the outside services, on real servers of the test's own (conftest.py): a
PostgreSQL connection ended mid-query or between requests, a frozen Redis, a Redis that
refuses connections."""

import statistics
import time

import dj_database_url
import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from conftest import redis_settings
from guides.models import Procedure
from serving import redis_guard, versions
from serving.models import ContentVersion
from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def private_connection(private_postgres, django_db_blocker):
    """A connection to the private cluster, configured as config/settings.py does."""
    config = dj_database_url.parse(private_postgres.url, conn_max_age=60)
    config.update(ENGINE="serving.postgresql", CONN_HEALTH_CHECKS=True, OPTIONS={"connect_timeout": 2})
    connection = ConnectionHandler({"default": config})["default"]
    with django_db_blocker.unblock():
        yield connection
        connection.close()


def backend(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_connection_lost_mid_query_is_discarded_and_the_next_request_opens_a_new_one(private_connection):
    first = backend(private_connection)
    # The server ends the session while a statement runs (a restart, a failover): the
    # request meets a database error, which the site answers with its 503 page.
    with pytest.raises(OperationalError), private_connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    # What Django does when that request ends: the lost connection must be discarded.
    private_connection.close_if_unusable_or_obsolete()
    assert private_connection.connection is None
    assert backend(private_connection) != first


def test_a_connection_ended_between_requests_is_replaced_at_the_next_one(private_connection, private_postgres):
    first = backend(private_connection)
    private_connection.close_if_unusable_or_obsolete()  # the request ends
    assert private_postgres.end_connections() >= 1  # an administrator ends the node's sessions
    private_connection.close_if_unusable_or_obsolete()  # the next request starts
    assert backend(private_connection) != first  # its first query checked and replaced it


@pytest.fixture
def procedure():
    return ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", title_en="Cancel v1", with_steps=2)


def timed(client, url) -> tuple[float, str]:
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 200, url
    return time.monotonic() - started, response.content.decode()


# Each Redis fault with every cached request asking Redis, and with the content version's
# feed keeping it in each worker (serving/version_in_redis.py), as in production.
WITH_AND_WITHOUT_FEED = pytest.mark.parametrize("feed", [False, True], ids=["asking", "feed"], indirect=True)


@pytest.fixture
def feed(request):
    if request.param:
        request.getfixturevalue("version_feed")
    return request.param


@WITH_AND_WITHOUT_FEED
@pytest.mark.django_db(transaction=True)
def test_a_frozen_redis_costs_one_timeout_then_seconds_not_every_request(
    client, procedure, private_redis, settings, tmp_path, feed
):
    redis_settings(settings, private_redis.url, tmp_path)
    settings.REDIS_RETRY_AFTER_SECONDS = 2
    url = procedure.get_absolute_url()
    timed(client, url)
    healthy = [timed(client, url)[0] for _ in range(5)]
    private_redis.freeze()  # accepts connections, never answers
    try:
        frozen = [timed(client, url)[0] for _ in range(20)]
        health = []
        for _ in range(10):
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            health.append(time.monotonic() - started)
        assert statistics.median(frozen) < 0.05, (healthy, frozen)
        assert statistics.median(health) < 0.05, health
        # Another node's edit, straight to the database (its publish to Redis is lost):
        # this node shows it within a second, though it can't read the version in Redis.
        Procedure.objects.filter(pk=procedure.pk).update(title_en="Changed elsewhere")
        ContentVersion.bump()
        time.sleep(versions.CONFIRM_SECONDS + 0.1)
        assert "Changed elsewhere" in timed(client, url)[1]
    finally:
        private_redis.thaw()
    # Redis answers again (with the version from before the edit): after the breaker's
    # time one request tries it, and the old page is never served from it.
    time.sleep(settings.REDIS_RETRY_AFTER_SECONDS + 0.1)
    for _ in range(3):
        assert "Changed elsewhere" in timed(client, url)[1]
    assert not redis_guard.breaker.is_open()
    assert redis_guard.call(lambda: versions.shared_version_store().get()) == ContentVersion.current()


@WITH_AND_WITHOUT_FEED
@pytest.mark.django_db(transaction=True)
def test_with_redis_refusing_connections_pages_are_served_and_edits_show(client, procedure, redis_down, feed):
    url = procedure.get_absolute_url()
    assert "Cancel v1" in timed(client, url)[1]
    procedure.title_en = "Cancel v2"
    procedure.save()  # on this node: shown at once, though Redis never hears of it
    assert "Cancel v2" in timed(client, url)[1]
