"""A hung PostgreSQL never hangs the node: a real cluster on its own port, frozen with
SIGSTOP (the kernel still acknowledges packets, so neither TCP keepalives nor the
server's statement_timeout can notice), under gunicorn in production mode."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.private_servers import private_postgres
from bench.servers import base_environment, gunicorn_server, prepare_site

PAGE = "/en/operators/kcell/cancel-in-person/"
# Never asked before the freeze, so never cached: every request needs the database.
UNCACHED = "/zh-hans/faq/"


@pytest.fixture
def frozen_cluster():
    """A throw-away PostgreSQL cluster (bench/private_servers.py); `freeze()` and `thaw()`
    stop and resume all of it."""
    if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        pytest.skip("PostgreSQL server binaries are not installed")
    with private_postgres() as cluster:
        yield cluster.url, cluster.freeze, cluster.thaw


def timed_get(url: str) -> tuple[int, float, dict]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            response.read()
            return response.status, time.monotonic() - started, dict(response.headers)
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, time.monotonic() - started, dict(error.headers)


@pytest.mark.django_db(False)
def test_a_frozen_database_never_hangs_the_node(frozen_cluster, tmp_path):
    database_url, freeze, thaw = frozen_cluster
    root = tmp_path / "site"
    env = base_environment(data_dir=root, static_root=root / "static", database_url=database_url)
    prepare_site(env)
    with gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as server:
        for _ in range(12):  # both workers cache the page
            assert timed_get(server.url + PAGE)[0] == 200
        assert timed_get(server.url + "/ru/search/?q=kcell")[0] == 200  # the database answers

        freeze()
        try:
            # The first requests that need the database wait for its deadline (3 s), then
            # every worker answers 503 at once for a while.
            with ThreadPoolExecutor(max_workers=24) as pool:
                first = list(pool.map(lambda _: timed_get(server.url + UNCACHED), range(24)))
            assert {status for status, _, _ in first} == {503}
            assert max(seconds for _, seconds, _ in first) < 5
            assert all(headers.get("Retry-After") for _, _, headers in first)

            for _ in range(10):
                status, seconds, headers = timed_get(server.url + PAGE)
                assert (status, headers.get("X-Cache")) == (200, "hit")
                assert seconds < 1
                status, seconds, _ = timed_get(server.url + UNCACHED)
                assert status == 503
                assert seconds < 5
            status, seconds, _ = timed_get(server.url + "/healthz")
            assert (status, seconds < 1) == (200, True)
            status, seconds, _ = timed_get(server.url + "/readyz")
            assert (status, seconds < 5) == (503, True)
        finally:
            thaw()

        # The same processes recover once the database answers again: no restart.
        deadline = time.monotonic() + 30
        while timed_get(server.url + UNCACHED)[0] != 200:
            assert time.monotonic() < deadline, "the node did not recover"
            time.sleep(0.5)
        assert timed_get(server.url + "/readyz")[0] == 200
        assert "Traceback" not in server.log_text()
