"""Budgets: queries per page don't grow with content; the heaviest page stays light."""

import gzip

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bench.heavy import make_heavy_procedure
from serving.results import forget_memos
from tests.factories import CategoryFactory, EntryFactory, OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

PAGE_BUDGET_BYTES = 50 * 1024


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Count real work: a cached page would pass as zero queries.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_procedure_page_queries_do_not_grow_with_steps_and_documents(client):
    operator = OperatorFactory()
    small = ProcedureFactory(operator=operator, with_steps=2, with_documents=1)
    large = make_heavy_procedure(operator=operator, steps=40, documents=30)
    small_count = count_queries(client, small.get_absolute_url())
    large_count = count_queries(client, large.get_absolute_url())
    assert small_count == large_count
    assert large_count <= 10


@pytest.mark.parametrize(
    ("code", "not_read"),
    [("ru", ("_kk", "_zh_hans")), ("en", ("_kk", "_zh_hans")), ("kk", ("_zh_hans",)), ("zh-hans", ("_kk",))],
)
def test_procedure_page_reads_only_the_visitors_languages(client, code, not_read):
    # Texts in languages the page can't show (neither the visitor's nor a fallback) stay in
    # the database: wide four-language rows cost more to build than the queries themselves.
    procedure = make_heavy_procedure(operator=OperatorFactory(), steps=3, documents=2)
    with translation.override(code):
        url = procedure.get_absolute_url()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert "第1步" in response.content.decode()  # the heavy procedure's text is in every column
    selected = " ".join(query["sql"].split(" FROM ")[0] for query in captured.captured_queries)
    for suffix in not_read:
        assert f'{suffix}"' not in selected, (code, suffix)


def test_operator_page_queries_do_not_grow_with_procedures(client):
    few, many = OperatorFactory(slug="few"), OperatorFactory(slug="many")
    for _ in range(2):
        ProcedureFactory(operator=few, with_steps=1)
    for n in range(20):
        ProcedureFactory(operator=many, with_steps=1, kind=["cancel", "suspend", "port_in"][n % 3])
    assert count_queries(client, "/en/operators/few/") == count_queries(client, "/en/operators/many/")


def test_faq_queries_do_not_grow_with_entries(client):
    category = CategoryFactory()
    for _ in range(5):
        EntryFactory(category=category)
    five = count_queries(client, reverse("faq:index"))
    for n in range(195):
        EntryFactory(category=category if n % 2 else CategoryFactory())
    two_hundred = count_queries(client, reverse("faq:index"))
    assert five == two_hundred
    assert two_hundred <= 6


def test_start_operators_and_search_pages_have_small_constant_counts(client):
    for _ in range(3):
        ProcedureFactory(with_steps=3)
    small = [count_queries(client, url) for url in ("/en/", "/en/operators/")]
    forget_memos()  # count the work of reading the texts, not a warm corpus
    small_search = count_queries(client, "/en/search/?q=procedure")
    for _ in range(20):
        ProcedureFactory(with_steps=3)
        EntryFactory()
    large = [count_queries(client, url) for url in ("/en/", "/en/operators/")]
    assert small == large
    forget_memos()
    # Another query, so that it is counted as new like the first (search.log).
    assert count_queries(client, "/en/search/?q=procedure+step") == small_search


def test_search_reuses_its_texts_until_content_changes(client):
    ProcedureFactory(with_steps=3, title_en="Cancel first")
    forget_memos()
    cold = count_queries(client, "/en/search/?q=cancel")
    warm = count_queries(client, "/en/search/?q=cancel")
    assert warm < cold


def test_heaviest_procedure_page_is_under_50_kb_compressed(client):
    """A 40-step zh-hans page with 30 documents: HTML + CSS, gzip-compressed, no JS, no fonts."""
    page = make_heavy_procedure(operator=OperatorFactory())
    client.get("/")  # any request: sets up the language machinery
    html = client.get(page.get_absolute_url().replace("/en/", "/zh-hans/")).content
    css = open(finders.find("css/site.css"), "rb").read()  # noqa: SIM115
    total = len(gzip.compress(html, 6)) + len(gzip.compress(css, 6))
    assert b"<script" not in html
    assert total < PAGE_BUDGET_BYTES, f"{total} bytes"
