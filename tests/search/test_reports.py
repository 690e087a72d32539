"""Editors see, per language, what readers searched for and did not find."""

import datetime
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from config import languages
from editors import dashboard
from search import log
from search.models import SearchCount

pytestmark = pytest.mark.django_db


def sections_of(user):
    return {section.key: section for section in dashboard.build(user=user).searches}


def test_searches_that_found_nothing_and_the_most_frequent_per_language(superuser):
    today = timezone.localdate()
    for _ in range(3):
        log.record("как закрыть номер", code="ru", found=False, today=today)
    log.record("kcell", code="ru", found=True, today=today)
    log.record("kcell", code="ru", found=True, today=today - datetime.timedelta(days=3))
    log.record("long ago", code="ru", found=False, today=today - datetime.timedelta(days=31))
    log.record("鑫鑫鑫", code="zh-hans", found=False, today=today)

    sections = sections_of(superuser)
    assert set(sections) == {
        f"{kind}-{code}" for kind in ("searches-nothing", "searches-frequent") for code in languages.CODES
    }
    nothing = sections["searches-nothing-ru"]
    assert [(link.label, link.detail) for link in nothing.links] == [("как закрыть номер", "3 searches")]
    assert nothing.links[0].url == "/ru/search/?" + urlencode({"q": "как закрыть номер"})
    frequent = sections["searches-frequent-ru"]
    assert [(link.label, link.detail) for link in frequent.links] == [
        ("как закрыть номер", "3 searches"),
        ("kcell", "2 searches"),
    ]
    assert [link.label for link in sections["searches-nothing-zh-hans"].links] == ["鑫鑫鑫"]
    assert sections["searches-nothing-en"].links == ()


def test_the_queries_beyond_a_days_limit_are_one_line(superuser):
    SearchCount.objects.create(
        day=timezone.localdate(), language="kk", query=SearchCount.OTHER, searches=40, found_nothing=9
    )
    link = sections_of(superuser)["searches-frequent-kk"].links[0]
    assert link.url == ""
    assert link.label.startswith("Other queries")


@pytest.mark.parametrize("code", languages.CODES)
def test_shown_on_the_admin_index_in_each_language(admin_client, code):
    log.record("qwzxv", code=code, found=False)
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE=code).content.decode()
    assert 'id="dashboard-searches-nothing-' + code + '"' in html
    assert "qwzxv" in html
    assert "/admin/search/bestbet/" in html


def test_translators_do_not_see_what_readers_searched_for(translator_client):
    log.record("qwzxv", code="en", found=False)
    assert "qwzxv" not in translator_client.get("/admin/").content.decode()


def test_editors_see_it(editor_client):
    log.record("qwzxv", code="en", found=False)
    assert "qwzxv" in editor_client.get("/admin/").content.decode()


@pytest.mark.parametrize("code", languages.CODES)
def test_editors_read_the_counts_and_the_best_bets_in_the_admin(editor_client, code):
    log.record("+7 701 123 45 67", code=code, found=False)
    counts = editor_client.get("/admin/search/searchcount/", HTTP_ACCEPT_LANGUAGE=code)
    assert counts.status_code == 200
    assert "+# ### ### ## ##" in counts.content.decode()
    assert "123 45 67" not in counts.content.decode()
    assert editor_client.get("/admin/search/bestbet/", HTTP_ACCEPT_LANGUAGE=code).status_code == 200
    # Counts are written by searches only.
    assert editor_client.get("/admin/search/searchcount/add/").status_code == 403
