"""Two gunicorn nodes sharing PostgreSQL and Redis, each with its own data folder as two
machines would have: an edit on one shows on it at once, and on the other within 250 ms
(serving/version_in_redis.py), never going back to the old page."""

import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn_server
from serving.version_in_redis import TRUSTED_SECONDS
from tests.production.conftest import Browser

PAGE = "/en/operators/kcell/cancel-in-person/"


def fetch(url: str, host: str | None = None) -> tuple[str, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Cache", ""), response.read().decode()


def procedure_admin_path(browser: Browser) -> str:
    _status, html = browser.get("/admin/guides/procedure/?q=Kcell+cancel-in-person")
    ids = re.findall(r'href="/admin/guides/procedure/(\d+)/change/', html)
    assert ids, "the Kcell cancel procedure is in the admin list"
    return f"/admin/guides/procedure/{ids[0]}/change/"


def machine(env: dict, tmp_path, name: str) -> dict:
    """The site's environment for a node on a machine of its own (its own data folder:
    breakers, counters, the machine's news of the content version)."""
    data_dir = tmp_path / name
    data_dir.mkdir()
    return {**env, "DJANGO_DATA_DIR": str(data_dir)}


def poll(url: str, *, stop: threading.Event, seen: list, new_title: str) -> None:
    """Fetch `url` again and again until `stop`, noting (sent, answered, new page?, X-Cache)."""
    while not stop.is_set():
        sent = time.monotonic()
        cache_state, html = fetch(url)
        seen.append((sent, time.monotonic(), new_title in html, cache_state))


@pytest.mark.django_db(False)
def test_an_edit_shows_at_once_on_its_node_and_within_the_bound_on_the_other(postgres_site, tmp_path):
    env, _root = postgres_site
    with (
        gunicorn_server(machine(env, tmp_path, "a"), workers=2, log_dir=tmp_path) as node_a,
        gunicorn_server(machine(env, tmp_path, "b"), workers=2, log_dir=tmp_path) as node_b,
    ):
        # Both nodes cache the page (both workers may hold it: ask a few times).
        for node in (node_a, node_b):
            for _ in range(6):
                fetch(node.url + PAGE)
            assert fetch(node.url + PAGE)[0] == "hit"

        editor = Browser(node_a.url)
        editor.log_in()
        path = procedure_admin_path(editor)
        new_title = "Cancel a Kcell number — edited on node A"
        # Node B is polled from before the save until well after the bound, by three
        # clients at once so both of its workers answer.
        seen: list[tuple[float, float, bool, str]] = []
        stop = threading.Event()
        options = {"stop": stop, "seen": seen, "new_title": new_title}
        pollers = [threading.Thread(target=poll, args=(node_b.url + PAGE,), kwargs=options) for _ in range(3)]
        for poller in pollers:
            poller.start()
        try:
            assert editor.edit(path, {"title_en": new_title, "change_kind": "minor"}) == 302
            saved = time.monotonic()  # the save returned: committed and published
            # The saving node serves the new page at once, whichever worker answers.
            for _ in range(6):
                cache_state, html = fetch(node_a.url + PAGE)
                assert new_title in html, cache_state
            time.sleep(4 * TRUSTED_SECONDS)
        finally:
            stop.set()
            for poller in pollers:
                poller.join(30)
        after = sorted(request for request in seen if request[0] >= saved)
        assert after, "node B was polled after the save"
        # No request to node B sent later than the bound after the save got the old page
        # (the new one may take its render, on either node, to arrive).
        late = [request for request in after if request[0] > saved + TRUSTED_SECONDS]
        assert late and all(new for _sent, _answered, new, _state in late), late
        # Once node B has answered with the new page, no request sent after that gets the old one.
        first_new = min(answered for _sent, answered, new, _state in after if new)
        old_again = [request for request in after if request[0] > first_new and not request[2]]
        assert not old_again, old_again
        assert "Traceback" not in node_a.log_text() + node_b.log_text()


@pytest.mark.django_db(False)
def test_a_rush_after_an_edit_renders_the_page_once_across_nodes(postgres_site, tmp_path):
    # A rule change: editors update the page while many people read it. Every request
    # misses at once; only one (on either node) should render, the rest wait for it.
    env, _root = postgres_site
    with (
        gunicorn_server(machine(env, tmp_path, "a"), workers=2, threads=4, log_dir=tmp_path) as node_a,
        gunicorn_server(machine(env, tmp_path, "b"), workers=2, threads=4, log_dir=tmp_path) as node_b,
    ):
        for node in (node_a, node_b):
            for _ in range(4):
                fetch(node.url + PAGE)  # every worker has loaded Django and knows the version
        editor = Browser(node_a.url)
        editor.log_in()
        new_title = "Cancel a Kcell number — the rule changed"
        assert (
            editor.edit(
                procedure_admin_path(editor),
                {"title_en": new_title, "change_kind": "major", "change_note": "The rule changed."},
            )
            == 302
        )

        time.sleep(TRUSTED_SECONDS)  # the other node's bound (the saving node knows at once)
        # Behind one load balancer both nodes see the same public host name.
        public_host = node_a.url.split("//")[1]
        urls = [node.url + PAGE for node in (node_a, node_b)] * 12
        with ThreadPoolExecutor(max_workers=len(urls)) as pool:
            results = list(pool.map(lambda url: fetch(url, host=public_host), urls))
        assert all(new_title in html for _state, html in results)
        states = sorted(state for state, _html in results)
        assert states.count("miss") == 1, states
        assert "Traceback" not in node_a.log_text() + node_b.log_text()
