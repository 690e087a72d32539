"""What readers searched for is counted for editors without keeping anything about them."""

import datetime

import pytest
from django.test import RequestFactory

from search import log
from search.models import SearchCount

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Как отключить +7 701 123 45 67", "как отключить +# ### ### ## ##"),
        ("ИИН 900101300123 номер", "иин ############ номер"),
        ("номер 8(701)1234567", "номер #(###)#######"),
        ("write to anna.k@mail.kz please", "write to …@… please"),
        ("kcell 2025 10 номеров", "kcell #### ## номеров"),  # 2025 10: digits with a space between
        ("tele2 and 3 sims", "tele2 and 3 sims"),  # fewer than four digits stay
        ("  Ёлка   KCELL ", "елка kcell"),
    ],
)
def test_numbers_and_addresses_are_masked_before_anything_is_stored(typed, stored):
    assert log.masked(typed) == stored
    log.record(typed, code="ru", found=True, today=TODAY)
    assert list(SearchCount.objects.values_list("query", flat=True)) == [stored]


def test_counts_per_day_language_and_query_and_what_found_nothing():
    log.record("Kcell", code="en", found=True, today=TODAY)
    log.record("kcell", code="en", found=True, today=TODAY)
    log.record("qwzxv", code="en", found=False, today=TODAY)
    log.record("kcell", code="ru", found=True, today=TODAY)
    log.record("kcell", code="en", found=True, today=TODAY + datetime.timedelta(days=1))
    rows = {(r.day, r.language, r.query): (r.searches, r.found_nothing) for r in SearchCount.objects.all()}
    assert rows == {
        (TODAY, "en", "kcell"): (2, 0),
        (TODAY, "en", "qwzxv"): (1, 1),
        (TODAY, "ru", "kcell"): (1, 0),
        (TODAY + datetime.timedelta(days=1), "en", "kcell"): (1, 0),
    }


def test_nothing_about_the_reader_is_stored():
    request = RequestFactory().get("/en/search/", {"q": "kcell"}, REMOTE_ADDR="203.0.113.9")
    request.COOKIES["sessionid"] = "abc"
    log.record("kcell", code="en", found=True, request=request, today=TODAY)
    row = SearchCount.objects.get()
    stored = " ".join(str(getattr(row, field.attname)) for field in SearchCount._meta.concrete_fields)
    assert "203.0.113" not in stored and "abc" not in stored
    assert {field.name for field in SearchCount._meta.concrete_fields} == {
        "id",
        "day",
        "language",
        "query",
        "searches",
        "found_nothing",
    }


def test_counts_older_than_90_days_go_when_a_new_count_is_written():
    log.record("old", code="en", found=True, today=TODAY - datetime.timedelta(days=90))
    log.record("recent", code="en", found=True, today=TODAY - datetime.timedelta(days=89))
    log.record("new", code="en", found=True, today=TODAY)
    assert set(SearchCount.objects.values_list("query", flat=True)) == {"recent", "new"}


def test_a_day_keeps_a_bounded_number_of_distinct_queries(monkeypatch):
    monkeypatch.setattr(log, "MAX_QUERIES_PER_DAY", 3)
    for word in ("one", "two", "three", "four", "five"):
        log.record(word, code="kk", found=False, today=TODAY)
    log.record("one", code="kk", found=False, today=TODAY)
    counts = dict(SearchCount.objects.filter(language="kk").values_list("query", "searches"))
    assert counts == {"one": 2, "two": 1, "three": 1, SearchCount.OTHER: 2}
    # Another language has its own limit.
    log.record("six", code="en", found=False, today=TODAY)
    assert SearchCount.objects.filter(language="en", query="six").exists()


def test_a_flood_from_one_client_is_answered_but_not_counted(client):
    for number in range(70):
        assert client.get("/en/search/", {"q": f"junk{number}x"}, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert SearchCount.objects.count() == 60  # COUNTED_PER_CLIENT
    client.get("/en/search/", {"q": "kcell"}, REMOTE_ADDR="198.51.100.8")  # another reader still counts
    assert SearchCount.objects.filter(query="kcell").exists()


def test_the_search_page_counts_each_search_in_its_language(client):
    client.get("/zh-hans/search/", {"q": "鑫鑫鑫"})
    client.get("/ru/search/", {"q": ""})  # no query: nothing to count
    assert list(SearchCount.objects.values_list("language", "query", "found_nothing")) == [("zh-hans", "鑫鑫鑫", 1)]


def test_a_search_is_answered_when_the_counters_store_is_down(client, settings):
    # The rate limiter's cache on a Redis that refuses connections (nothing listens on port 1).
    settings.CACHES = {
        **settings.CACHES,
        "limits": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = client.get("/en/search/", {"q": "kcell"})
    assert response.status_code == 200
    assert b"kcell" in response.content.lower()
