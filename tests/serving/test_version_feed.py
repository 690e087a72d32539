"""The content version in Redis without a round trip per request (serving/version_in_redis.py),
against a real Redis of the tests' own (conftest.py's private_redis: connections are
killed there): a published version reaches the feed, a lost message is caught by the
recheck within the bound, a stale reading is not trusted, a dead thread and a closed
subscription come back, a fork starts a new thread, and a save on this machine is trusted
at once by every process of it. The frozen Redis with the feed on: tests/serving/test_faults.py."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
import redis

from conftest import redis_settings
from serving import version_in_redis, versions
from serving.version_in_redis import TRUSTED_SECONDS, VersionFeed

# Real time passes (the bound is 250 ms) and a Redis server of the tests' own starts.
pytestmark = pytest.mark.slow


@pytest.fixture
def place(settings, tmp_path, private_redis, version_feed):
    """This process configured with a Redis, the version 1 in it, the feed not yet started."""
    redis_settings(settings, private_redis.url, tmp_path)
    store = versions.shared_version_store()
    store.set(1)
    return store


@pytest.fixture
def other_node(private_redis) -> redis.Redis:
    """A plain client, as another node's save or an operator would use."""
    client = redis.Redis.from_url(private_redis.url)
    yield client
    client.close()


def publish_elsewhere(other_node, version: int, *, message: bool = True) -> float:
    """Another node's save: the key and the message in one MULTI/EXEC (or only the key:
    its message lost). Returns when Redis had it."""
    key = versions.shared_version_store().key()
    with other_node.pipeline(transaction=True) as pipe:
        pipe.set(key, version)
        if message:
            pipe.publish(key, version)
        pipe.execute()
    return time.monotonic()


def served_version(store) -> int | None:
    """The version a cached request would be served under: the trusted reading, or Redis asked."""
    trusted = store.trusted()
    return trusted if trusted is not None else store.get()


def trusted_within(feed, version: int, seconds: float) -> float | None:
    """Seconds until the feed alone (no request asking Redis) trusts `version`, or None."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if feed.trusted() == version:
            return time.monotonic() - started
        time.sleep(0.001)
    return None


def running_feed(store, version: int = 1) -> None:
    store.trusted()  # the first request that needs it starts the thread
    assert store.feed.is_running()
    assert trusted_within(store.feed, version, 1.0) is not None


def test_no_feed_thread_unless_asked_for(settings, tmp_path, private_redis, client, site):
    redis_settings(settings, private_redis.url, tmp_path)
    assert settings.REDIS_VERSION_FEED is False  # conftest.py
    for _ in range(3):
        client.get("/en/operators/")
    assert not [thread for thread in threading.enumerate() if thread.name == "content-version-feed"]


def test_a_published_version_reaches_the_feed_by_its_message(place, other_node, monkeypatch):
    # No recheck during the test: only the message can bring the new version.
    monkeypatch.setattr(version_in_redis, "RECHECK_SECONDS", 30.0)
    monkeypatch.setattr(version_in_redis, "SUBSCRIPTION_SILENT_SECONDS", 60.0)
    running_feed(place)
    time.sleep(0.05)
    publish_elsewhere(other_node, 2)
    assert trusted_within(place.feed, 2, TRUSTED_SECONDS) is not None


def test_a_lost_message_is_caught_by_the_recheck_within_the_bound(place, other_node):
    running_feed(place)
    changed = publish_elsewhere(other_node, 7, message=False)
    seen = []
    while time.monotonic() - changed < 2 * TRUSTED_SECONDS:
        seen.append((time.monotonic() - changed, served_version(place)))
    first_new = next(i for i, (_, version) in enumerate(seen) if version == 7)
    assert seen[first_new][0] < TRUSTED_SECONDS, seen[first_new]
    assert all(version == 7 for _, version in seen[first_new:]), "an old version after the new one"
    # The feed itself, not the requests asking Redis, caught it within the bound.
    assert trusted_within(place.feed, 7, 0.01) is not None


def test_a_stale_reading_is_not_trusted_and_a_dead_thread_is_started_again(place, other_node):
    running_feed(place)
    place.feed.stop(wait=2, forget=False)  # the thread ends; its last reading stays
    assert not place.feed.is_running()
    publish_elsewhere(other_node, 3)
    time.sleep(TRUSTED_SECONDS)
    assert place.feed.trusted() is None  # too old: requests ask Redis again
    assert place.get() == 3
    place.trusted()  # a request that finds no fresh reading starts the thread again
    assert place.feed.is_running()
    assert trusted_within(place.feed, 3, 1.0) is not None


def test_a_closed_subscription_is_opened_again(place, other_node):
    running_feed(place)
    killed = other_node.client_kill_filter(_type="pubsub")
    assert killed >= 1
    time.sleep(0.3)  # the feed notices and subscribes again
    publish_elsewhere(other_node, 4)
    assert trusted_within(place.feed, 4, TRUSTED_SECONDS) is not None


def test_a_save_here_is_trusted_at_once_by_every_process_of_the_machine(place):
    # Another worker process of this machine: a feed of its own, sharing the data folder.
    running_feed(place)
    neighbour = VersionFeed()
    try:
        neighbour.ensure_running()
        assert trusted_within(neighbour, 1, 1.0) is not None
        neighbour.stop(wait=2, forget=False)  # so it can't hear of the save in time
        place.set(5)  # this process saves: it serves the new version at once
        assert place.trusted() == 5
        # The neighbour no longer trusts its reading: its requests ask Redis, and get 5.
        assert neighbour.trusted() is None
    finally:
        neighbour.stop(wait=2)


def test_after_a_fork_the_child_starts_its_own_thread(place, other_node):
    running_feed(place)
    reading, writing = os.pipe()
    ready_read, ready_write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: report and leave without running anything of pytest's
        report = {}
        try:
            os.close(reading)
            os.close(ready_read)
            report["running_after_fork"] = place.feed.is_running()
            report["reading_after_fork"] = place.feed.reading is not None
            place.trusted()
            report["started"] = place.feed.is_running()
            report["before"] = trusted_within(place.feed, 1, 1.0) is not None
            os.write(ready_write, b"1")
            report["published"] = trusted_within(place.feed, 6, 2.0) is not None
        except BaseException as error:  # reported to the parent
            report["error"] = repr(error)
        finally:
            os.write(writing, json.dumps(report).encode())
            os._exit(0)
    os.close(writing)
    os.close(ready_write)
    assert os.read(ready_read, 1) == b"1"
    publish_elsewhere(other_node, 6)
    _pid, status = os.waitpid(child, 0)
    report = json.loads(os.read(reading, 65536))
    os.close(reading)
    os.close(ready_read)
    assert status == 0
    assert report == {
        "running_after_fork": False,
        "reading_after_fork": False,
        "started": True,
        "before": True,
        "published": True,
    }
    assert place.feed.is_running()  # the parent's own thread goes on


def test_changed_settings_stop_the_thread_and_forget_the_reading(place, settings, tmp_path, private_redis):
    running_feed(place)
    thread = place.feed._thread
    redis_settings(settings, private_redis.url, tmp_path)  # another key prefix
    thread.join(2)
    assert not thread.is_alive()
    assert place.feed.reading is None
