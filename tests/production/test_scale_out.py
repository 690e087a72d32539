"""Two gunicorn nodes sharing PostgreSQL and Redis: an edit on one shows on the other at once."""

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn_server
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


@pytest.mark.django_db(False)
def test_an_edit_on_one_node_is_read_from_the_other_at_once(postgres_site, tmp_path):
    env, _root = postgres_site
    with (
        gunicorn_server(env, workers=2, log_dir=tmp_path) as node_a,
        gunicorn_server(env, workers=2, log_dir=tmp_path) as node_b,
    ):
        # Node B caches the page (both workers may hold it: ask a few times).
        for _ in range(4):
            fetch(node_b.url + PAGE)
        assert fetch(node_b.url + PAGE)[0] == "hit"

        editor = Browser(node_a.url)
        editor.log_in()
        path = procedure_admin_path(editor)
        new_title = "Cancel a Kcell number — edited on node A"
        assert editor.edit(path, {"title_en": new_title, "change_kind": "minor"}) == 302

        for _ in range(4):  # whichever worker of B answers
            cache_state, html = fetch(node_b.url + PAGE)
            assert new_title in html, cache_state
        assert "Traceback" not in node_a.log_text() + node_b.log_text()


@pytest.mark.django_db(False)
def test_a_rush_after_an_edit_renders_the_page_once_across_nodes(postgres_site, tmp_path):
    # A rule change: editors update the page while many people read it. Every request
    # misses at once; only one (on either node) should render, the rest wait for it.
    env, _root = postgres_site
    with (
        gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as node_a,
        gunicorn_server(env, workers=2, threads=4, log_dir=tmp_path) as node_b,
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

        # Behind one load balancer both nodes see the same public host name.
        public_host = node_a.url.split("//")[1]
        urls = [node.url + PAGE for node in (node_a, node_b)] * 12
        with ThreadPoolExecutor(max_workers=len(urls)) as pool:
            results = list(pool.map(lambda url: fetch(url, host=public_host), urls))
        assert all(new_title in html for _state, html in results)
        states = sorted(state for state, _html in results)
        assert states.count("miss") == 1, states
        assert "Traceback" not in node_a.log_text() + node_b.log_text()
