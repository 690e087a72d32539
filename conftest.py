"""Test-only settings and the fixtures most tests share."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.utils import translation

from config import languages
from tests.origin import SITE_URL

ALL_LANGUAGES = pytest.mark.parametrize("code", languages.CODES)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request leaves its language active in the thread; tests start from English.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The database rolls back after each test; cached pages and texts must not outlive it.
    from serving.page_cache import local_pages
    from serving.results import forget_memos

    cache.clear()
    caches["limits"].clear()
    forget_memos()
    local_pages.clear()
    yield
    cache.clear()
    forget_memos()
    local_pages.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed, compressed static files need collectstatic; tests don't run it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Serve static files from the finders: no collectstatic before tests.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Absolute links come from the public origin, never from the request's Host.
    settings.SITE_URL = SITE_URL
    # No thread keeps the content version fresh unless a test starts one
    # (tests/serving/test_version_feed.py): every cached request asks Redis.
    settings.REDIS_VERSION_FEED = False


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "correct-horse-battery")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(client, db):
    from editorial.roles import EDITOR
    from tests.admin_forms import staff

    client.force_login(staff(EDITOR, "editor"))
    return client


@pytest.fixture
def translator_client(db):
    from django.test import Client

    from editorial.roles import TRANSLATOR
    from tests.admin_forms import staff

    # A client of its own: a test with an editor and a translator has two people, not
    # one client logged in as whoever came last.
    translator = Client()
    translator.force_login(staff(TRANSLATOR, "translator"))
    return translator


@pytest.fixture
def published_procedure(db):
    from tests.factories import ProcedureFactory

    return ProcedureFactory(with_steps=3, with_documents=2)


@pytest.fixture
def site(db):
    """A small published site (tests/site.py): two brands of one company, procedures, FAQ."""
    from tests.site import make_site

    return make_site()


# -- The shipped content, loaded once for the tests that only need it there ----------------
#
# Loading content/*.yaml costs about two seconds. A test that asks for `shipped_content`
# gets it from one load shared with its neighbours: the load runs in an outer transaction,
# opened before pytest-django opens the test's own atomic block, so each test runs in a
# savepoint inside it and whatever it changes (an edit, a delete, even another
# load_content) is rolled back when it ends. The outer transaction stays open while
# consecutive tests ask for the content; before any other database test it is rolled back,
# so every test that doesn't ask still starts from an empty database. Transactional tests
# (django_db(transaction=True), live_server) commit for real and can't share it: they
# load the content themselves.


class SharedContent:
    """The outer transaction holding one load of the shipped content, while it is open."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.loads = 0  # how many times the content was loaded (tests/test_shared_content.py)
        self.parsed: dict[Path, object] = {}

    @property
    def is_open(self) -> bool:
        return self.atomic is not None

    def open(self) -> None:
        from decide import wording as decision_content
        from editors import content_loader as content

        parse = content.read_yaml

        def read_yaml(path: Path, **options):
            # Parsing is half the cost of a load, and the files don't change during a run:
            # a reload (after tests that need an empty database) parses nothing. Tests of
            # the loader itself call load_content() and parse for real.
            if path not in self.parsed:
                self.parsed[path] = parse(path, **options)
            return copy.deepcopy(self.parsed[path])

        with self.blocker.unblock():
            # Outside every other block, or the rollback at the end of a test would take it.
            assert not connection.in_atomic_block, "the shared content must be the outermost transaction"
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                with (
                    mock.patch.object(content, "read_yaml", read_yaml),
                    mock.patch.object(decision_content, "read_yaml", read_yaml),
                ):
                    content.load_content()
            except BaseException:
                self.close()
                raise
        self.loads += 1

    def close(self) -> None:
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _is_transactional(request) -> bool:
    # The same rules pytest-django follows to choose a TransactionTestCase.
    marker = request.node.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or any(marker.args[:2])  # django_db(True) is django_db(transaction=True)
    ):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames))


@pytest.fixture(scope="session")
def _shared_content(django_db_setup, django_db_blocker):
    # Depends on django_db_setup: the outer transaction ends before the test database goes.
    global _SHARED
    shared = _SHARED = SharedContent(django_db_blocker)
    yield shared
    shared.close()
    _SHARED = None


_SHARED: SharedContent | None = None


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Close the shared content right after the last test in a row that asks for it, once
    its own fixtures are torn down and before the next test sets up anything: a session
    fixture of the next one (live_server, the browser) must never find it open."""
    if _SHARED is not None and _SHARED.is_open and (nextitem is None or "shipped_content" not in nextitem.fixturenames):
        _SHARED.close()


@pytest.fixture
def _shared_content_gate(request, _shared_content):
    """Opens or closes the shared content for this test, before its own atomic block."""
    if "shipped_content" not in request.fixturenames:
        _shared_content.close()
    elif _is_transactional(request):
        _shared_content.close()
        pytest.fail("shipped_content is shared through a transaction: a transactional test must call load_content()")
    elif not _shared_content.is_open:
        _shared_content.open()


@pytest.fixture
def _django_db_helper(_shared_content_gate, _django_db_helper):
    """pytest-django's per-test database set-up (it opens the test's atomic block), run
    after the gate above. Every database test goes through it: `db`, `transactional_db`
    and the `django_db` marker."""
    return _django_db_helper


@pytest.fixture
def shipped_content(db, _shared_content):
    """The shipped content (content/*.yaml) in the database, loaded once and shared; the
    test's changes are rolled back after it like any other."""
    # The gate ran before the test's own atomic block opened inside the shared one.
    assert _shared_content.is_open
    assert connection.atomic_blocks[0] is _shared_content.atomic and len(connection.atomic_blocks) >= 2
    return _shared_content


@pytest.fixture
def content_copy(tmp_path):
    """A copy of content/ to change a shipped file in, for load_content(directory=…)."""
    import shutil

    from editorial.shipped import CONTENT_DIR

    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


# -- Private PostgreSQL and Redis, for faults done to a server (bench/private_servers.py) ----
#
# A test that stops, freezes or restarts a server, or ends its connections, does it to
# instances of its own on free loopback ports, never to the machine's shared servers.


@pytest.fixture(scope="session")
def private_postgres():
    from bench.private_servers import private_postgres as start

    with start() as server:
        yield server


@pytest.fixture(scope="session")
def private_redis():
    from bench.private_servers import private_redis as start

    with start() as server:
        yield server


def redis_settings(settings, url: str, data_dir: Path) -> None:
    """The site's settings with REDIS_URL=`url` (config/settings.py), its breaker and
    machine-local counters in `data_dir`."""
    from config.settings import cache_config

    settings.DATA_DIR = data_dir
    settings.REDIS_URL = url
    # A prefix of its own: a Redis shared by several tests holds nothing of the others.
    settings.CACHES = cache_config(url, data_dir, prefix=f"kzsim-test-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def version_feed(settings):
    """The content version's feed on, as in production (serving/version_in_redis.py): its
    thread starts with the first request that needs it and is stopped after the test."""
    from serving.version_in_redis import feed

    settings.REDIS_VERSION_FEED = True
    yield feed
    feed.stop(wait=2)


@pytest.fixture
def redis_down(settings, tmp_path):
    """The site configured with a Redis that refuses connections (nothing listens on its
    port); the breaker starts closed and is closed again afterwards."""
    from bench.servers import free_port
    from serving import redis_guard

    redis_settings(settings, f"redis://127.0.0.1:{free_port()}/0", tmp_path)
    yield
    redis_guard.breaker.reset()
