"""Canonical requests (serving/canonical.py): control characters refused before anything
runs; parameters a page does not read dropped before the cache, so they neither bust it
nor reach the page; the Host header never in a key or a link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from config import languages
from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

ALL = pytest.mark.parametrize("code", languages.CODES)


@pytest.fixture
def procedure():
    return ProcedureFactory(operator=OperatorFactory(slug="kcell", name="Kcell"), slug="cancel", with_steps=2)


def page_paths(code):
    return [
        f"/{code}/",
        f"/{code}/operators/",
        f"/{code}/operators/kcell/",
        f"/{code}/operators/kcell/cancel/",
        f"/{code}/operators/kcell/print/",
        f"/{code}/decide/",
        f"/{code}/faq/",
        f"/{code}/search/",
        f"/{code}/about/",
    ]


@ALL
@pytest.mark.parametrize(
    "tail",
    ["?q=a%00b", "?situation=lost%00", "?with=ru%0D%0ASet-Cookie:x", "?%00=1", "?x=%7F", "?q=\x01", "%00/", "%09/"],
)
def test_control_characters_are_a_400_in_the_visitors_language_with_no_query(client, procedure, code, tail):
    for path in page_paths(code):
        url = path + tail
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 400, url
        assert len(queries) == 0, url
        assert response["Content-Language"] == code
        assert response["Cache-Control"] == "no-store"
        with translation.override(code):
            assert gettext("This address can't be opened") in response.content.decode()
        assert f'<html lang="{code}">' in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/?q=%00", "/admin/guides/procedure/?status=%00", "/sitemap.xml?x=%00"])
def test_control_characters_are_refused_outside_the_public_pages_too(admin_client, url):
    assert admin_client.get(url).status_code == 400


def test_tab_newline_and_other_text_in_a_search_are_fine_when_not_control(client, procedure):
    assert client.get("/en/search/?q=Kcell+cancel").status_code == 200
    assert client.get("/ru/search/?q=%D0%B1%D0%BB%D0%BE%D0%BA").status_code == 200


@ALL
def test_unknown_parameters_hit_the_cached_page_and_never_reach_it(client, procedure, code):
    path = f"/{code}/operators/kcell/cancel/"
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    for junk in ("?utm_source=telegram", "?fbclid=IwAR0xyz", "?ref=spam&utm_medium=x", "?a=1&b=2&c=3"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path + junk)
        assert response.status_code == 200
        assert response["X-Cache"] == "hit", junk
        assert len(queries) == 0
        assert response.content == first.content
    html = first.content.decode()
    assert "utm_source" not in html and "fbclid" not in html


def test_a_dropped_parameter_never_reaches_the_language_links_even_on_a_miss(client, procedure):
    html = client.get("/en/operators/kcell/cancel/?ref=evil-campaign").content.decode()
    assert "evil-campaign" not in html
    assert 'href="/ru/operators/kcell/cancel/"' in html


def test_declared_parameters_are_kept_in_one_order(client, procedure):
    first = client.get("/en/operators/kcell/print/?with=ru&procedure=cancel&utm_source=x")
    second = client.get("/en/operators/kcell/print/?procedure=cancel&with=ru")
    assert first.status_code == second.status_code == 200
    assert second["X-Cache"] == "hit"
    assert first.content == second.content


def test_the_decision_flow_is_served_without_the_parameters_it_does_not_read(client, procedure):
    clean = client.get("/en/decide/?situation=lost")
    tracked = client.get("/en/decide/?utm_source=x&situation=lost&fbclid=y")
    assert clean.status_code == tracked.status_code == 200
    assert tracked["X-Cache"] == "hit"
    assert tracked.content == clean.content


@pytest.mark.parametrize("host", ["127.0.0.1:1", "LocalHost", "localhost.", "127.0.0.1:8443"])
def test_the_host_header_is_neither_a_cache_key_nor_a_link(client, procedure, settings, host):
    settings.ALLOWED_HOSTS = ["*"]
    path = "/en/operators/kcell/cancel/"
    first = client.get(path)
    response = client.get(path, HTTP_HOST=host)
    assert response["X-Cache"] == "hit"
    html = first.content.decode()
    assert f'href="{settings.SITE_URL}{path}"' in html
    assert host not in html and "testserver" not in html


def test_the_print_sheet_points_its_qr_code_at_the_public_origin(client, procedure, settings):
    settings.ALLOWED_HOSTS = ["*"]
    html = client.get("/en/operators/kcell/print/", HTTP_HOST="127.0.0.1:1").content.decode()
    assert f"{settings.SITE_URL}/en/operators/kcell/" in html
    assert "127.0.0.1:1" not in html


def test_head_answers_like_get_without_a_body(client, procedure):
    for path in page_paths("kk"):
        get = client.get(path)
        head = client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
