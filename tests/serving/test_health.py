"""/healthz (liveness), /readyz (readiness) and the visitor's 503 page when the database is unreachable."""

import json

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from config import languages
from serving import versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    monkeypatch.setattr(versions, "database_version", refuse)


def test_readyz_reports_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_is_503_without_the_database(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error"


def test_healthz_says_the_process_serves_even_without_the_database(client, database_down):
    # What a load balancer checks: a node that can serve cached pages stays in rotation.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("code", languages.CODES)
def test_visitors_get_a_translated_503_page(client, database_down, code):
    response = client.get(f"/{code}/operators/")
    assert response.status_code == 503
    assert response["Retry-After"]
    with translation.override(code):
        assert translation.gettext("The guide is briefly unavailable") in response.content.decode()
    assert f'lang="{code}"' in response.content.decode()


def test_the_site_recovers_without_a_restart(client, monkeypatch):
    original = BaseDatabaseWrapper.cursor

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    assert client.get("/en/operators/").status_code == 503
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", original)
    assert client.get("/en/operators/").status_code == 200


@pytest.mark.parametrize("code", languages.CODES)
def test_the_500_page_speaks_the_visitors_language_without_the_database(rf, database_down, code):
    from pages.errors import server_error

    with translation.override(code):
        response = server_error(rf.get(f"/{code}/operators/"))
        expected = translation.gettext("Sorry, something went wrong")
    assert response.status_code == 500
    html = response.content.decode()
    assert expected in html and f'lang="{code}"' in html
