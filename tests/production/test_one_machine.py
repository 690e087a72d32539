"""One machine, five gunicorn workers, SQLite and no Redis (the default configuration):
once an editor's save returns, no worker serves the old page, and the feedback limit
holds across workers — with nothing extra installed."""

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import gunicorn_server
from tests.html import tags
from tests.production.conftest import Browser
from tests.production.test_scale_out import PAGE, fetch, procedure_admin_path

WORKERS = 5


@pytest.mark.django_db(False)
def test_after_a_save_no_worker_serves_the_old_page(sqlite_site, tmp_path):
    env, _root = sqlite_site
    with gunicorn_server(env, workers=WORKERS, threads=2, log_dir=tmp_path) as server:
        # Every worker caches the page (requests land on workers at random: ask often).
        with ThreadPoolExecutor(max_workers=10) as pool:
            states = list(pool.map(lambda _: fetch(server.url + PAGE)[0], range(100)))
        assert states.count("hit") > 50

        editor = Browser(server.url)
        editor.log_in()
        new_title = "Cancel a Kcell number — edited with five workers"
        assert editor.edit(procedure_admin_path(editor), {"title_en": new_title, "change_kind": "minor"}) == 302

        with ThreadPoolExecutor(max_workers=10) as pool:
            pages = list(pool.map(lambda _: fetch(server.url + PAGE), range(200)))
        old = [state for state, html in pages if new_title not in html]
        assert old == [], f"{len(old)} of {len(pages)} responses were the old page"
        assert "Traceback" not in server.log_text()


def feedback_session(base_url: str) -> tuple[urllib.request.OpenerDirector, list[tuple[str, str]]]:
    """A visitor's browser with the form's cookie, and the form's fields filled in."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base_url + "/en/feedback/?page=/en/", timeout=10) as response:
        html = response.read().decode()
    fields = [(attrs["name"], attrs.get("value", "")) for attrs in tags(html, "input") if attrs.get("name")]
    fields.append(("message", "Step 3 is out of date: the office asked for a different form."))
    return opener, fields


def post_report(opener, base_url: str, fields) -> int:
    request = urllib.request.Request(
        base_url + "/en/feedback/?page=/en/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": base_url + "/en/feedback/"},
    )
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(False)
def test_the_feedback_limit_holds_across_workers(sqlite_site, tmp_path):
    env, _root = sqlite_site
    with gunicorn_server(env, workers=WORKERS, threads=2, log_dir=tmp_path) as server:
        sessions = [feedback_session(server.url) for _ in range(20)]
        time.sleep(3.2)  # the form refuses reports sent faster than a person types
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(lambda session: post_report(session[0], server.url, session[1]), sessions))
        assert statuses.count(200) == 5, statuses
        assert statuses.count(429) == 15, statuses
        assert "Traceback" not in server.log_text()
