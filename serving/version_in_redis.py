"""The content version in Redis, known to every worker without a round trip per request.

Every node's workers read the version under one key. Asking Redis for it on every cached
request would cost a round trip per hit, so each worker process keeps a *reading* of it
up to date instead:

- A save sets the key and publishes the new version on a channel of the same name, in
  one MULTI/EXEC (`VersionInRedis.set`). The process that saved knows its new version at
  once, without asking.
- A subscriber thread per process (`VersionFeed`, daemon, started by the first request
  that needs it, started again after a fork) re-reads the key as soon as a message
  arrives, and every RECHECK_SECONDS anyway (a GET, and a PING on the subscription to
  find a dead one), so a lost message or a reconnect costs at most that long.
- A request serves under the reading while its GET was sent less than TRUSTED_SECONDS
  ago; otherwise it asks Redis itself, as before (through the breaker,
  serving/redis_guard.py). A dead thread or a closed subscription therefore never keeps
  a node on an old version longer than TRUSTED_SECONDS: it only costs round trips again.
- One number the machine's processes share (serving/shared_number.py) says when any of
  them last saw the version change (the machine's "news"). A process trusts no reading
  sent before it (except its own save's), so once one worker of a machine serves a new
  version, no other worker of that machine serves an older one — and the saving node's
  other workers serve the new page at once too.

The rule (DESIGN.md): the node that saved serves the new page at once; every other node
within TRUSTED_SECONDS (250 ms); typically within a millisecond or two.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from serving import redis_guard
from serving.shared_number import SharedNumber, shared_number

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# A reading is trusted while its GET was sent less than this long ago: the bound on how
# long another node's save takes to show here.
TRUSTED_SECONDS = 0.25
# The feed re-reads the version this often, message or not (a lost message, a reconnect).
RECHECK_SECONDS = 0.1
# A subscription that has answered no PING for this long is opened again.
SUBSCRIPTION_SILENT_SECONDS = 1.0
PING_MESSAGE = "content-version-feed"
# The file of the machine's news: CLOCK_MONOTONIC is one clock for every process of a
# machine, so a time one worker writes means the same to the others.
NEWS_FILE = "content-version-news"


@dataclass(frozen=True)
class Place:
    """Where the version lives, as the settings say when it is first needed."""

    url: str
    key: str
    connect_timeout: float
    timeout: float
    data_dir: Path

    @classmethod
    def from_settings(cls) -> Place:
        cache = settings.CACHES["default"]
        options = cache.get("OPTIONS", {})
        return cls(
            url=settings.REDIS_URL,
            key=f"{cache.get('KEY_PREFIX', '')}:{VERSION_KEY}",
            connect_timeout=options.get("socket_connect_timeout", 0.25),
            timeout=options.get("socket_timeout", 0.5),
            data_dir=Path(settings.DATA_DIR),
        )

    @property
    def channel(self) -> str:
        return self.key

    def client(self, *, retries: int | None = None):
        import redis

        options = {"socket_connect_timeout": self.connect_timeout, "socket_timeout": self.timeout}
        if retries is not None:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            options["retry"] = Retry(NoBackoff(), retries)
        return redis.Redis.from_url(self.url, **options)

    def news(self) -> SharedNumber:
        return shared_number(self.data_dir / NEWS_FILE, "float")


@dataclass(frozen=True)
class Reading:
    """A version read from Redis: sent at `sent_at`, answered by `answered_at`
    (time.monotonic()). Every change made before `sent_at` is in it."""

    version: int | None
    sent_at: float
    answered_at: float
    published: bool = False  # this process wrote it (a save here)


class VersionFeed:
    """This process's reading of the version in Redis, and the thread that keeps it fresh."""

    def __init__(self) -> None:
        self._forget_everything()

    def _forget_everything(self) -> None:
        self.reading: Reading | None = None
        self.place: Place | None = None
        self._news: SharedNumber | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    # -- what requests ask -------------------------------------------------------------

    def trusted(self) -> int | None:
        """The version to serve under without asking Redis, or None: ask it."""
        reading, news = self.reading, self._news
        if reading is None or news is None or time.monotonic() - reading.sent_at >= TRUSTED_SECONDS:
            return None
        latest_news = news.get()
        if reading.sent_at < latest_news and not (reading.published and reading.answered_at == latest_news):
            return None  # a process of this machine has seen the version change since
        return reading.version

    def offer(self, version: int | None, *, sent_at: float, answered_at: float, published: bool = False) -> bool:
        """What a read of the version (or this process's write of it) found, from any
        thread. True when it was news: the version changed."""
        if self.place is None:
            return False  # no feed in this process: requests ask Redis every time
        with self._lock:
            current = self.reading
            changed = current is None or current.version != version
            if changed:
                # Before anyone here serves it: from now on no process of the machine
                # trusts a reading sent before this one was answered.
                self._announce(answered_at)
            # A reading replaces one it surely came after (of two that overlapped, the
            # older stands: the next recheck settles it); this process's own save, always.
            if published or current is None or sent_at > current.answered_at:
                self.reading = Reading(version, sent_at, answered_at, published)
            return changed

    def _announce(self, answered_at: float) -> None:
        news = self._news
        # Two processes announcing in the same microsecond may leave the earlier time:
        # that only makes a few more requests ask Redis.
        if news is not None and news.get() < answered_at:
            news.set(answered_at)

    # -- the thread ----------------------------------------------------------------------

    def ensure_running(self) -> None:
        """Start the feed (settings allowing) unless it runs; also after a fork or a crash."""
        if self._thread is not None and self._thread.is_alive():
            return
        if not (settings.REDIS_URL and settings.REDIS_VERSION_FEED):
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            place = Place.from_settings()
            if place != self.place:
                self.reading = None
            self.place, self._news = place, place.news()
            if self._news.get() > time.monotonic():
                self._news.set(0.0)  # written before the machine restarted: another clock
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(place, self._stop), name="content-version-feed", daemon=True
            )
            self._thread.start()

    def stop(self, *, wait: float = 0.0, forget: bool = True) -> None:
        """Stop the thread and forget the reading (settings changed; tests end). With
        `forget=False` the reading stays, as when the thread dies."""
        thread = self._thread
        self._stop.set()
        if thread is not None and wait:
            thread.join(wait)
        if forget:
            self.reading, self.place, self._news, self._thread = None, None, None, None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def after_fork_in_child(self) -> None:
        # Only the forking thread exists in the child; the parent's sockets and lock
        # are not ours. The first request that needs the feed starts a new one.
        self._forget_everything()

    def _run(self, place: Place, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self._listen(place, stop)
            except Exception as error:
                if not isinstance(error, redis_guard.RedisUnavailable):  # that outage was logged
                    logger.warning("The content version feed reconnects: %r", error)
                stop.wait(RECHECK_SECONDS)

    def _listen(self, place: Place, stop: threading.Event) -> None:
        # No retries inside redis-py: a failure shows at once and the loop above reconnects.
        client = place.client(retries=0)
        subscription = client.pubsub(ignore_subscribe_messages=True)
        try:
            # The GET goes through the breaker (it may be its one half-open try): while
            # Redis is known to be down, the feed waits like every request does.
            self._read(client, place)
            subscription.subscribe(place.channel)
            answered = time.monotonic()
            next_check = time.monotonic() + RECHECK_SECONDS
            while not stop.is_set():
                now = time.monotonic()
                if now >= next_check:
                    if now - answered > SUBSCRIPTION_SILENT_SECONDS:
                        raise ConnectionError("the subscription answered no PING")
                    self._read(client, place)
                    subscription.ping(PING_MESSAGE)
                    next_check = now + RECHECK_SECONDS
                message = subscription.get_message(timeout=max(0.0, next_check - time.monotonic()))
                if message is None:
                    continue
                if message["type"] == "pong":
                    answered = time.monotonic()
                elif message["type"] == "message":
                    self._read(client, place)  # the version changed: read it now
        finally:
            subscription.close()
            client.close()

    def _read(self, client, place: Place) -> None:
        for _ in range(2):
            sent_at = time.monotonic()
            value = redis_guard.call(lambda: client.get(place.key))
            if place != self.place:
                return  # stopped meanwhile
            if not self.offer(int(value) if value else None, sent_at=sent_at, answered_at=time.monotonic()):
                return
            # News, announced after this reading was sent: read once more, so that this
            # process trusts the new version without asking Redis per request.


class VersionInRedis:
    """The shared version in Redis: a plain number under the site's key prefix, read with
    Redis' own client (Django's cache layer would cost four times the round trip)."""

    def __init__(self, feed: VersionFeed) -> None:
        self.feed = feed
        # (client, place): one tuple, replaced whole, so threads never see half of it.
        self._connected: tuple | None = None

    def _client_and_place(self):
        connected = self._connected
        if connected is None or connected[1].url != settings.REDIS_URL:
            place = Place.from_settings()
            connected = self._connected = (place.client(), place)
        return connected

    def forget(self) -> None:
        """Settings changed (tests): find the client, the key and the feed again."""
        self._connected = None
        self.feed.stop()

    def key(self) -> str:
        """The version's key in Redis, and the name of the channel it is published on."""
        return self._client_and_place()[1].key

    def trusted(self) -> int | None:
        """The version without a round trip (this process's fresh reading), or None."""
        version = self.feed.trusted()
        if version is None:
            self.feed.ensure_running()
        return version

    def get(self) -> int | None:
        client, place = self._client_and_place()
        sent_at = time.monotonic()
        value = redis_guard.call(lambda: client.get(place.key))
        version = int(value) if value else None
        self.feed.offer(version, sent_at=sent_at, answered_at=time.monotonic())
        return version

    def set(self, value: int) -> None:
        """Set the version and tell every node, in one MULTI/EXEC."""
        client, place = self._client_and_place()

        def publish() -> tuple[float, float]:
            sent_at = time.monotonic()
            with client.pipeline(transaction=True) as pipe:
                pipe.set(place.key, value)
                pipe.publish(place.channel, value)
                pipe.execute()
            return sent_at, time.monotonic()

        sent_at, answered_at = redis_guard.call(publish)
        self.feed.offer(value, sent_at=sent_at, answered_at=answered_at, published=True)


feed = VersionFeed()
os.register_at_fork(after_in_child=feed.after_fork_in_child)
