"""Two gunicorn nodes sharing PostgreSQL and Redis: an edit on one shows on the other at once."""

import re
import urllib.request

import pytest

from bench.servers import gunicorn_server
from tests.production.conftest import Browser

PAGE = "/en/operators/kcell/cancel-in-person/"


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
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
        assert editor.edit(path, {"title_en": new_title}) == 302

        for _ in range(4):  # whichever worker of B answers
            cache_state, html = fetch(node_b.url + PAGE)
            assert new_title in html, cache_state
        assert "Traceback" not in node_a.log_text() + node_b.log_text()
