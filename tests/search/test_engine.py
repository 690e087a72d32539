"""Search on small made-up content: finds by the words people use, in every script, and
survives any input. (tests/search/test_shipped_search.py asks the shipped guide.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.engine import search as answer
from serving.results import forget_memos
from tests.factories import EntryFactory, OperatorFactory, ProcedureFactory, StepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    kcell = OperatorFactory(slug="kcell", name="Kcell")
    cancel = ProcedureFactory(
        operator=kcell,
        slug="cancel",
        title_en="Cancel your number",
        title_ru="Расторгнуть договор",
        title_kk="Шартты бұзу",
        title_zh_hans="注销号码",
        search_keywords_ru="отключить номер, расторгнуть договор",
        search_keywords_zh_hans="销号, 停机保号, 保号卡",
        search_keywords_kk="нөмірді жабу",
    )
    StepFactory(procedure=cancel, body_en="Bring your passport to the ÖFFICE", body_ru="Возьмите ЁЛКУ и паспорт")
    ProcedureFactory(operator=kcell, slug="suspend", title_en="Suspend the number", title_ru="Приостановить номер")
    EntryFactory(
        slug="restore", question_en="Can a cancelled number be restored?", question_ru="Можно ли вернуть номер?"
    )
    return cancel


def search(query, *, code):
    return answer(query, code=code).results


def urls(results):
    """Every page a list of results links to (an answer at several operators: each)."""
    found = []
    for result in results:
        found += [result.url, *(link.url for link in result.operators)]
    return found


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("расторгнуть", "ru"),
        ("РАСТОРГНУТЬ", "ru"),  # Cyrillic upper case
        ("Расторгнуть Договор", "ru"),
        ("ОТКЛЮЧИТЬ НОМЕР", "ru"),  # editor keywords, any case
        ("елку", "ru"),  # ё = е
        ("ШАРТТЫ", "kk"),  # Kazakh letters fold too
        ("НӨМІРДІ ЖАБУ", "kk"),
        ("销号", "zh-hans"),
        ("停机保号", "zh-hans"),
        ("注销", "zh-hans"),  # part of a word, no spaces in Chinese
        ("CANCEL", "en"),
        ("öffice", "en"),
        ("kcell cancel", "en"),
    ],
)
def test_finds_by_the_words_people_use(content, query, code):
    # Results link to the page in the reader's language.
    assert f"/{code}/operators/kcell/cancel/" in urls(search(query, code=code))


def test_title_matches_rank_above_body_matches(content):
    ProcedureFactory(slug="other", title_en="Other thing", summary_en="how to cancel later")
    results = search("cancel", code="en")
    assert results[0].url == content.get_absolute_url()


def test_any_word_may_match_and_more_matched_words_rank_higher(content):
    # "how do I" are question words; "cancel" is in one page, "suspend" in the other.
    suspend = "/en/operators/kcell/suspend/"
    found = urls(search("how do I cancel or suspend", code="en"))
    assert content.get_absolute_url() in found
    assert suspend in found
    # "Cancel your number" matches both words of "cancel number"; "Suspend the number" only
    # "number", which nearly every page says: too little to show.
    ranked = urls(search("cancel number", code="en"))
    assert ranked[0] == content.get_absolute_url()
    assert suspend not in ranked


def test_search_uses_fallback_text_and_says_so(content):
    content.title_kk = ""
    content.save()
    result = next(r for r in search("расторгнуть", code="kk") if r.url == "/kk/operators/kcell/cancel/")
    assert result.title.lang == "ru"
    assert result.title.is_fallback


def test_drafts_are_not_found(content):
    ProcedureFactory(slug="hidden", title_en="Cancel in secret", status="draft")
    assert all("hidden" not in url for url in urls(search("secret", code="en")))


HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE guides_procedure; --",
    "%00",
    "😀📱 cancel",
    "номер 号码 nömir",
    "a" * 10_000,
    "\u202e\u200b\ufeff",
    "../../etc/passwd",
    "{{ 7*7 }} {% debug %}",
    "%(name)s %s",
    "\\",
    "*" * 300,
]


def test_control_characters_in_a_search_are_a_400_before_the_search_runs(client, content):
    # Refused for every page by serving/canonical.py (tested there in every language).
    assert client.get("/en/search/", {"q": "\x00\x00cancel\x00"}).status_code == 400


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_gets_a_normal_page(client, content, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_template_syntax_in_a_query_is_shown_as_text(client, content):
    html = client.get("/en/search/", {"q": "{{ 7*7 }}"}).content.decode()
    assert "{{ 7*7 }}" in html


def test_broken_query_string_encodings_are_harmless(client, content):
    for raw in ("q=%FF%FE", "q=%", "q=%E0%A4%A", "q=a&q=b&q=c", "q[]=x"):
        response = client.get(f"/ru/search/?{raw}")
        assert response.status_code == 200, raw


def test_search_page_is_not_indexed(client, content):
    assert 'content="noindex"' in client.get("/en/search/?q=cancel").content.decode()


def test_results_page_counts_and_links(client, content):
    html = client.get("/ru/search/", {"q": "РАСТОРГНУТЬ"}).content.decode()
    assert content.get_absolute_url().replace("/en/", "/ru/") in html


# -- The termbase's variants are synonyms of its terms ---------------------------------------


@pytest.fixture
def termed():
    """A procedure whose texts use the termbase's terms only."""
    procedure = ProcedureFactory(
        slug="termed",
        title_en="Balance and SIM",
        title_ru="Переоформление номера",
        title_kk="Нөмірді қайта тіркеу",
        title_zh_hans="过户",
        summary_ru="Возьмите SIM-карту.",
        summary_kk="Теңгерімді тексеріп, берешекті төлеңіз.",
        summary_zh_hans="带上SIM卡或其卡板。",
        search_keywords_ru="",
        search_keywords_kk="",
        search_keywords_zh_hans="",
    )
    return procedure.get_absolute_url()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("баланс", "kk"),  # a reader's word for теңгерім
        ("БАЛАНСЫ", "kk"),
        ("қарыз", "kk"),  # берешек
        ("卡托", "zh-hans"),  # 卡板
        ("сим-карта", "ru"),  # SIM-карта
        ("перерегистрация", "ru"),  # переоформление
    ],
)
def test_a_variant_finds_texts_that_use_the_term(termed, query, code):
    assert termed.replace("/en/", f"/{code}/") in urls(search(query, code=code))


def test_a_variant_of_another_language_finds_through_that_languages_text(termed):
    # "баланс" is the Russian term itself, which the Russian texts here don't say; the Kazakh
    # text says теңгерім, the term "баланс" stands for in Kazakh: search across languages
    # finds the page, shown in Russian.
    assert termed.replace("/en/", "/ru/") in urls(search("баланс", code="ru"))
    assert termed.replace("/en/", "/kk/") in urls(search("卡托", code="kk"))


def test_a_word_that_is_no_variant_still_has_to_match(termed):
    assert termed not in urls(search("жабдық", code="kk"))


@pytest.mark.parametrize(("term", "variant", "code"), [("теңгерім", "баланс", "kk"), ("卡板", "卡托", "zh-hans")])
def test_a_search_with_a_variant_makes_as_many_queries_as_with_the_term(client, termed, term, variant, code):
    forget_memos()  # both searches read the texts afresh
    with CaptureQueriesContext(connection) as with_term:
        assert termed.replace("/en/", f"/{code}/") in client.get(f"/{code}/search/", {"q": term}).content.decode()
    forget_memos()
    with CaptureQueriesContext(connection) as with_variant:
        assert termed.replace("/en/", f"/{code}/") in client.get(f"/{code}/search/", {"q": variant}).content.decode()
    assert len(with_variant) == len(with_term)
