"""Public page cache: what is cached, how it varies, and that every change invalidates it."""

import threading
import zoneinfo
from datetime import datetime

import pytest
import time_machine
from django.core.cache import cache as django_cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from editors.content_loader import load_content
from serving import page_cache as pages
from serving import results, versions
from tests.factories import OperatorFactory, ProcedureFactory

# Real commits: invalidation publishes the new version when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def procedure():
    return ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", title_en="Cancel v1", with_steps=2)


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_a_second_view_is_served_from_cache_without_queries(client, procedure):
    url = procedure.get_absolute_url()
    assert get(client, url)["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    assert response["X-Cache"] == "hit"
    assert len(queries) == 0
    assert "Cancel v1" in response.content.decode()


def test_keys_vary_by_language_and_the_parameters_a_page_reads(client, procedure):
    get(client, "/en/operators/kcell/cancel/")
    assert get(client, "/ru/operators/kcell/cancel/")["X-Cache"] == "miss"
    assert get(client, "/en/operators/kcell/cancel/?utm=1")["X-Cache"] == "hit"  # not read: dropped
    assert get(client, "/en/operators/kcell/print/?with=ru")["X-Cache"] == "miss"
    assert get(client, "/en/operators/kcell/print/?with=kk")["X-Cache"] == "miss"
    assert get(client, "/en/operators/kcell/print/?with=kk")["X-Cache"] == "hit"


@pytest.mark.parametrize("url", ["/en/search/?q=cancel", "/en/feedback/?page=/en/"])
def test_search_and_forms_are_never_cached(client, procedure, url):
    get(client, url)
    assert "X-Cache" not in get(client, url)


def test_requests_with_cookies_bypass_the_cache(client, procedure, admin_client):
    url = procedure.get_absolute_url()
    get(client, url)
    assert "X-Cache" not in get(admin_client, url)  # staff, with a session cookie
    client.cookies["anything"] = "1"
    assert "X-Cache" not in get(client, url)


def test_404s_and_redirects_are_not_cached(client, procedure):
    client.get("/en/operators/kcell/nope/")
    assert "X-Cache" not in client.get("/en/operators/kcell/nope/")
    assert "X-Cache" not in client.get("/", HTTP_ACCEPT_LANGUAGE="ru")


def test_an_edit_shows_at_once(client, procedure):
    url = procedure.get_absolute_url()
    get(client, url)
    procedure.title_en = "Cancel v2"
    procedure.save()
    response = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Cancel v2" in response.content.decode()


def test_a_page_rendered_while_content_changed_is_not_served_afterwards(client, procedure, monkeypatch):
    # A slow render that overlaps an edit: the old text must not come back from the cache.
    from guides import views

    render = views.render

    def render_then_edit(*args, **kwargs):
        response = render(*args, **kwargs)
        if procedure.title_en == "Cancel v1":
            procedure.title_en = "Cancel v2"
            procedure.save()
        return response

    monkeypatch.setattr(views, "render", render_then_edit)
    url = procedure.get_absolute_url()
    assert "Cancel v1" in get(client, url).content.decode()
    response = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Cancel v2" in response.content.decode()
    assert get(client, url)["X-Cache"] == "hit"


def hold_render_lock(url: str) -> tuple[str, int]:
    """Act as another worker that has started rendering `url`: returns the page key and version."""
    version = versions.current_version()
    key = pages.page_key(RequestFactory().get(url))
    assert django_cache.add(pages.render_lock(key, version), 1, 30)
    return key, version


def test_a_request_waits_for_the_render_already_running_for_its_page(client, procedure):
    url = procedure.get_absolute_url()
    get(client, url)  # warm: the version is known, templates are loaded
    procedure.title_en = "Cancel v2"
    procedure.save()
    key, version = hold_render_lock(url)
    other = pages.stored_page(HttpResponse("rendered by the other worker"))
    finished = threading.Timer(0.05, lambda: django_cache.set(key, (version, other)))
    finished.start()
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    finished.join()
    assert response.content == b"rendered by the other worker"
    assert response["X-Cache"] == "hit"
    assert len(queries) == 0  # nothing rendered twice


def test_a_render_that_takes_too_long_does_not_keep_visitors_waiting(client, procedure, monkeypatch):
    monkeypatch.setattr(results, "PAGE_WAIT_SECONDS", 0.05)
    url = procedure.get_absolute_url()
    hold_render_lock(url)  # and never finish
    response = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Cancel v1" in response.content.decode()


def test_when_the_other_render_fails_the_waiting_request_renders(client, procedure):
    url = procedure.get_absolute_url()
    key, version = hold_render_lock(url)
    failed = threading.Timer(0.05, lambda: django_cache.delete(pages.render_lock(key, version)))
    failed.start()
    response = get(client, url)
    failed.join()
    assert response["X-Cache"] == "miss"
    assert "Cancel v1" in response.content.decode()


def test_editing_a_step_through_the_admin_invalidates(admin_client, client, procedure):
    url = procedure.get_absolute_url()
    get(client, url)
    step = procedure.steps.first()
    step.title_en = "Brand new step title"
    step.save()
    assert "Brand new step title" in get(client, url).content.decode()


def test_deleting_and_m2m_changes_invalidate(client, procedure):
    from tests.factories import SourceFactory

    url = procedure.get_absolute_url()
    get(client, url)
    procedure.sources.add(SourceFactory(title_en="A fresh source"))
    assert "A fresh source" in get(client, url).content.decode()
    procedure.steps.first().delete()
    assert get(client, url)["X-Cache"] == "miss"


def test_load_content_invalidates_once(client):
    OperatorFactory(slug="placeholder", name="Placeholder")
    before = versions.database_version()
    assert "Placeholder" in get(client, "/en/operators/").content.decode()
    load_content()  # hundreds of saves in one transaction
    assert versions.database_version() == before + 1
    assert "Beeline" in get(client, "/en/operators/").content.decode()


def test_one_transaction_bumps_the_version_once(procedure):
    from django.db import transaction

    before = versions.database_version()
    with transaction.atomic():
        for n in range(5):
            procedure.title_en = f"edit {n}"
            procedure.save()
    assert versions.database_version() == before + 1


def test_conditional_get_gives_304(client, procedure):
    url = procedure.get_absolute_url()
    first = get(client, url)
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


class BrokenCache:
    """Stands in for a Redis that stopped answering."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def use_cache(monkeypatch, cache) -> None:
    """Serve pages and shared results through `cache` instead of Django's default."""
    monkeypatch.setattr(pages, "cache", cache)
    monkeypatch.setattr(results, "cache", cache)


def test_pages_are_served_while_the_cache_is_down(client, procedure, monkeypatch, caplog):
    use_cache(monkeypatch, BrokenCache())
    response = get(client, procedure.get_absolute_url())
    assert "Cancel v1" in response.content.decode()
    assert "Page cache unavailable" in caplog.text


def test_nothing_stale_survives_the_cache_coming_back(client, procedure, monkeypatch):
    url = procedure.get_absolute_url()
    get(client, url)  # cached under the current version
    use_cache(monkeypatch, BrokenCache())
    procedure.title_en = "Changed during the outage"
    procedure.save()  # the new version can't reach the cache
    get(client, url)
    use_cache(monkeypatch, django_cache)  # the cache returns, old pages in it
    assert "Changed during the outage" in get(client, url).content.decode()


def test_real_redis_down_still_serves(client, procedure, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    caches._settings = None
    monkeypatch_cache = caches["default"]
    with pytest.MonkeyPatch.context() as patch:
        use_cache(patch, monkeypatch_cache)
        assert "Cancel v1" in get(client, procedure.get_absolute_url()).content.decode()


def test_a_page_printing_todays_date_is_not_served_after_midnight(client, procedure):
    # The print sheet says "Printed on <today>": yesterday's copy must not outlive the day.
    url = "/en/operators/kcell/print/"
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    with time_machine.travel(datetime(2026, 11, 22, 23, 59, 50, tzinfo=almaty), tick=False):
        assert "Printed on: 22 November 2026" in get(client, url).content.decode()
        assert get(client, url)["X-Cache"] == "hit"
    with time_machine.travel(datetime(2026, 11, 23, 0, 0, 5, tzinfo=almaty), tick=False):
        response = get(client, url)
    assert response["X-Cache"] == "miss"
    assert "Printed on: 23 November 2026" in response.content.decode()
