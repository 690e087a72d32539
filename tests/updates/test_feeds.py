"""The Atom feeds: valid Atom 1.0 by RFC 4287's RELAX NG schema, absolute links from the
site's public origin, stable entry ids, bounded and constant work, cached and invalidated."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from lxml import etree

from config import languages
from editorial import change_notes
from editorial.change_notes import LATEST_LIMIT
from tests.factories import EntryFactory, OperatorFactory, ProcedureFactory
from tests.html import tags
from tests.origin import SITE_URL

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("rfc4287.rng"))))
NOTE = {
    "en": "Bring the SIM card as well.",
    "ru": "Возьмите с собой и SIM-карту.",
    "kk": "SIM-картаны да ала келіңіз.",
    "zh-hans": "请同时携带SIM卡。",
}
DAY = datetime.date(2026, 11, 10)


@pytest.fixture
def notes(db):
    operator = OperatorFactory(slug="kcell", name="Kcell")
    procedure = ProcedureFactory(operator=operator, slug="cancel", with_steps=1)
    other = ProcedureFactory(operator=OperatorFactory(slug="beeline", name="Beeline"), with_steps=1)
    entry = EntryFactory(slug="restore")
    change_notes.record_first_publication(procedure, on=DAY)
    change_notes.record_major_change(procedure, notes=NOTE, on=DAY + datetime.timedelta(days=3))
    change_notes.record_major_change(other, notes=NOTE, on=DAY + datetime.timedelta(days=1))
    change_notes.record_major_change(entry, notes={"ru": NOTE["ru"]}, on=DAY + datetime.timedelta(days=2))
    return {"operator": operator, "procedure": procedure, "other": other, "entry": entry}


def fetch(client, name: str, code: str, **kwargs):
    with translation.override(code):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url)  # Host "testserver": never in a link
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def assert_valid_atom(feed) -> None:
    if not SCHEMA.validate(feed):
        raise AssertionError(f"not valid Atom 1.0: {SCHEMA.error_log}")
    # RFC 4287 rules the RELAX NG schema leaves to Schematron (which lxml does not run).
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None, "a feed needs an author"
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None, "an entry needs its page's link"


@pytest.mark.parametrize("code", languages.CODES)
def test_the_site_feed_is_valid_atom_in_each_language(client, notes, code):
    feed = fetch(client, "updates:feed", code)
    assert_valid_atom(feed)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == code
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    summaries = [entry.findtext(f"{ATOM}summary") for entry in entries]
    assert NOTE[code] in summaries
    # The FAQ entry's note exists in Russian only: shown as it is, in every language.
    assert NOTE["ru"] in summaries


@pytest.mark.parametrize("code", languages.CODES)
def test_the_operator_feed_holds_only_that_operators_changes(client, notes, code):
    feed = fetch(client, "updates:operator_feed", code, operator="kcell")
    assert_valid_atom(feed)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    with translation.override(code):
        page = SITE_URL + notes["procedure"].get_absolute_url()
    assert links == [page, page]


def test_links_and_ids_come_from_the_public_origin_not_the_host(client, notes):
    feed = fetch(client, "updates:feed", "en")
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(href.startswith(SITE_URL + "/") for href in hrefs), hrefs
    assert "testserver" not in etree.tostring(feed).decode()
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert all(entry_id.startswith("tag:guide.example.kz,") for entry_id in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.django_db(transaction=True)
def test_entry_ids_stay_the_same_when_newer_changes_arrive(client, notes):
    before = {e.findtext(f"{ATOM}summary"): e.findtext(f"{ATOM}id") for e in fetch(client, "updates:feed", "en")}
    later = DAY + datetime.timedelta(days=5)
    change_notes.record_major_change(notes["procedure"], notes={"en": "A newer change."}, on=later)
    after = {e.findtext(f"{ATOM}summary"): e.findtext(f"{ATOM}id") for e in fetch(client, "updates:feed", "en")}
    assert "A newer change." in after
    assert {summary: after[summary] for summary in before} == before


def test_pages_link_to_their_feed(client, notes):
    with translation.override("kk"):
        procedure_page = client.get(notes["procedure"].get_absolute_url()).content.decode()
        faq_page = client.get(reverse("faq:index")).content.decode()
        operator_feed = reverse("updates:operator_feed", kwargs={"operator": "kcell"})
        site_feed = reverse("updates:feed")
    [procedure_link] = tags(procedure_page, "link", rel="alternate", type="application/atom+xml")
    assert procedure_link["href"] == SITE_URL + operator_feed
    [faq_link] = tags(faq_page, "link", rel="alternate", type="application/atom+xml")
    assert faq_link["href"] == SITE_URL + site_feed


@pytest.mark.parametrize("code", languages.CODES)
def test_the_home_page_links_the_feed_in_its_language(client, notes, code):
    # Feed readers given only the site's address find the feed from the home page.
    with translation.override(code):
        home = client.get(reverse("pages:home")).content.decode()
        site_feed = reverse("updates:feed")
    [link] = tags(home, "link", rel="alternate", type="application/atom+xml")
    assert link["href"] == SITE_URL + site_feed
    assert site_feed.startswith(f"/{code}/")
    assert link["hreflang"] == code


def test_a_feed_is_bounded_and_its_queries_do_not_grow(client, notes, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("updates:feed")
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(LATEST_LIMIT + 10):
        change_notes.record_major_change(notes["procedure"], notes=NOTE, on=DAY + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few) > 0, "served from a cache: nothing was counted"
    # The notes, then their pages with one query per kind of page (procedure, FAQ entry,
    # operator): never more, however many notes there are.
    assert len(few) <= 4 and len(many) <= 4
    assert len(etree.fromstring(response.content).findall(f"{ATOM}entry")) == LATEST_LIMIT


# Real commits: a change reaches cached pages when its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_feed_is_cached_and_a_new_change_reaches_it(client, notes):
    url = reverse("updates:feed")
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached) == 0
    change_notes.record_major_change(notes["other"], notes={"en": "Fresh news."}, on=DAY + datetime.timedelta(9))
    assert b"Fresh news." in client.get(url).content


def test_an_unknown_operator_has_no_feed(client, notes):
    assert client.get(reverse("updates:operator_feed", kwargs={"operator": "nobody"})).status_code == 404
