"""Compressed pages (serving/page_cache.py): compressed once when rendered, sent as stored
to browsers that accept it, plain to those that don't; search compressed per request;
never a page that carries a cookie; HEAD like GET."""

import gzip
import pickle

import brotli
import pytest
from django.core.cache import cache as django_cache
from django.test import RequestFactory

from config import languages
from serving import page_cache as pages
from tests.factories import OperatorFactory, ProcedureFactory

# Real commits: the page cache sees content versions published on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def procedure():
    return ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", with_steps=8, with_documents=4)


def decoded(response) -> bytes:
    coding = response.get("Content-Encoding", "")
    body = response.content
    return {"br": brotli.decompress, "gzip": gzip.decompress, "": lambda data: data}[coding](body)


@pytest.mark.parametrize("code", languages.CODES)
@pytest.mark.parametrize(
    ("accept", "coding"),
    [("br, gzip", "br"), ("gzip, deflate, br;q=0", "gzip"), ("gzip;q=0.5", "gzip"), ("identity", ""), ("", "")],
)
def test_a_page_is_sent_in_the_coding_the_browser_accepts(client, procedure, code, accept, coding):
    url = f"/{code}/operators/kcell/cancel/"
    plain = client.get(url).content
    for expected_cache in ("hit", "hit"):
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert response["X-Cache"] == expected_cache
        assert response.get("Content-Encoding", "") == coding
        assert "Accept-Encoding" in response["Vary"]
        assert decoded(response) == plain
        assert response["Content-Length"] == str(len(response.content))
    if coding:
        assert len(response.content) < len(plain) / 3


def test_each_coding_has_its_own_etag_and_answers_304(client, procedure):
    url = "/en/operators/kcell/cancel/"
    etags = {accept: client.get(url, HTTP_ACCEPT_ENCODING=accept)["ETag"] for accept in ("br", "gzip", "")}
    assert len(set(etags.values())) == 3
    for accept, etag in etags.items():
        assert client.get(url, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_hit_compresses_nothing(client, procedure, monkeypatch):
    url = "/ru/operators/kcell/cancel/"
    client.get(url, HTTP_ACCEPT_ENCODING="br")

    def no_compression(*args, **kwargs):
        raise AssertionError("compressed on a hit")

    monkeypatch.setattr(pages.brotli, "compress", no_compression)
    monkeypatch.setattr(pages.gzip, "compress", no_compression)
    pages.local_pages.clear()  # from the shared cache, as another worker would
    for accept in ("br", "gzip", ""):
        assert client.get(url, HTTP_ACCEPT_ENCODING=accept)["X-Cache"] == "hit"


def test_the_cache_keeps_bytes_and_headers_not_a_response(client, procedure):
    client.get("/en/operators/kcell/cancel/")
    key = pages.page_key(RequestFactory().get("/en/operators/kcell/cancel/"))
    _version, stored = django_cache.get(key)
    assert isinstance(stored, pages.StoredPage)
    assert set(stored.bodies) == {"", "br", "gzip"}
    assert b"HttpResponse" not in pickle.dumps(stored)


def test_a_hit_in_another_worker_reads_the_page_once_then_only_the_version(client, procedure, monkeypatch):
    url = "/kk/operators/kcell/cancel/"
    client.get(url)
    pages.local_pages.clear()  # another worker: nothing of its own yet
    reads = []
    real_get = django_cache.get
    monkeypatch.setattr(django_cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args))
    for _ in range(3):
        assert client.get(url)["X-Cache"] == "hit"
    assert len(reads) == 1


def test_search_is_compressed_per_request_and_never_cached(client, procedure):
    response = client.get("/en/search/?q=cancel", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "X-Cache" not in response
    assert b"<html" in decoded(response)


def test_a_404_page_is_compressed_too(client, procedure):
    response = client.get("/ru/operators/nope/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 404
    assert response["Content-Encoding"] == "gzip"
    assert '<html lang="ru">' in decoded(response).decode()


def test_pages_with_a_cookie_are_never_compressed(client, admin_client, procedure):
    # The feedback form sets its CSRF cookie; staff carry a session: no BREACH oracle.
    form = client.get("/en/feedback/?page=/en/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert form.cookies and "Content-Encoding" not in form
    staff = admin_client.get("/en/operators/kcell/cancel/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in staff
    client.cookies["anything"] = "1"
    assert "Content-Encoding" not in client.get("/en/search/?q=cancel", HTTP_ACCEPT_ENCODING="gzip, br")


@pytest.mark.parametrize("url", ["/en/operators/kcell/cancel/", "/en/search/?q=cancel", "/en/decide/", "/en/faq/"])
def test_head_answers_200_whether_cached_or_not(client, procedure, url):
    response = client.head(url, HTTP_ACCEPT_ENCODING="br")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 0
