"""Bounded load and fault tests against production-mode gunicorn on loopback."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import free_port, gunicorn_server
from tests.production.conftest import Browser

pytestmark = pytest.mark.django_db(False)

PAGES = [
    "/en/",
    "/ru/operators/",
    "/kk/operators/kcell/",
    "/zh-hans/operators/kcell/cancel-in-person/",
    "/ru/operators/beeline/block-lost-sim/",
    "/en/faq/",
    "/kk/search/?q=sim",
    "/en/about/",
]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1  # connection refused or reset: counts as an error


def hammer(base_url: str, *, requests: int, concurrency: int, stop: threading.Event | None = None) -> list[int]:
    urls = [base_url + PAGES[n % len(PAGES)] for n in range(requests)]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(status_of, urls))


def test_2000_requests_at_50_concurrent_without_an_error(sqlite_site, tmp_path):
    env, _ = sqlite_site
    with gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as server:
        statuses = hammer(server.url, requests=2000, concurrency=50)
    assert len(statuses) == 2000
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_sqlite_admin_writes_while_50_readers_hit_the_site(sqlite_site, tmp_path):
    env, _ = sqlite_site
    with gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as server:
        editor = Browser(server.url)
        editor.log_in()
        _, listing = editor.get("/admin/faq/entry/")
        paths = sorted(set(re.findall(r'href="(/admin/faq/entry/\d+/change/)', listing)))[:4]
        assert len(paths) == 4
        stop = threading.Event()
        reader_statuses: list[int] = []

        def readers():
            while not stop.is_set():
                reader_statuses.extend(hammer(server.url, requests=100, concurrency=50))

        reader_thread = threading.Thread(target=readers)
        reader_thread.start()
        write_statuses, written = [], {}
        try:

            def write(path: str) -> None:
                session = Browser(server.url)
                session.log_in()
                for n in range(5):
                    question = f"Edited under load: {path} #{n}"
                    write_statuses.append(session.edit(path, {"question_en": question, "change_kind": "minor"}))
                    written[path] = question

            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(write, paths))
        finally:
            stop.set()
            reader_thread.join()
        log = server.log_text()
        assert set(write_statuses) == {302}, write_statuses
        for path, question in written.items():  # no lost write
            _, html = editor.get(path)
            assert question in html
        assert set(reader_statuses) == {200}
        assert "database is locked" not in log


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own, on a free port, that the test may stop."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, process
    process.kill()
    process.wait()


def test_redis_stopped_mid_run_gives_no_5xx(sqlite_site, own_redis, tmp_path):
    env, _ = sqlite_site
    port, redis_process = own_redis
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    with gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as server:
        before = hammer(server.url, requests=200, concurrency=20)
        redis_process.kill()
        redis_process.wait()
        during = hammer(server.url, requests=400, concurrency=20)
    assert set(before) == {200}
    assert set(during) == {200}, {s: during.count(s) for s in set(during)}


class TcpProxy:
    """Forwards a loopback port to PostgreSQL; closing it makes the database unreachable."""

    def __init__(self, target_port: int = 5432):
        self.target_port = target_port
        self.port = free_port()
        self.open = threading.Event()
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.server.settimeout(0.2)
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.running = True
        self.open.set()
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self):
        self.open.clear()
        for sock in self.connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.connections.clear()

    def restore(self):
        self.open.set()

    def close(self):
        self.running = False
        self.cut()
        self.server.close()


def test_postgres_unreachable_gives_503_and_recovers_without_restart(postgres_site, tmp_path):
    env, _ = postgres_site
    proxy = TcpProxy()
    database_url = env["DATABASE_URL"].replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    # Page caching off: every request must reach the database.
    node_env = {**env, "DATABASE_URL": database_url, "DJANGO_PAGE_CACHE_SECONDS": "0"}
    try:
        with gunicorn_server(node_env, workers=2, threads=2, log_dir=tmp_path) as server:
            assert status_of(server.url + "/ru/operators/") == 200
            proxy.cut()
            assert [status_of(server.url + "/ru/operators/") for _ in range(10)] == [503] * 10
            assert status_of(server.url + "/readyz") == 503
            assert status_of(server.url + "/healthz") == 200  # the process still serves
            proxy.restore()
            # The same processes recover: no restart.
            assert [status_of(server.url + "/ru/operators/") for _ in range(10)] == [200] * 10
            assert status_of(server.url + "/readyz") == 200
    finally:
        proxy.close()
