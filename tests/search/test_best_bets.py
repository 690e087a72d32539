"""Editors pin a page to a query in one language (GOV.UK's best bets)."""

import pytest

from guides.models import Procedure
from search.engine import search
from search.models import BestBet
from serving.results import forget_memos

pytestmark = pytest.mark.django_db


def test_an_editor_pins_a_page_and_readers_see_it_first(editor_client, shipped_content):
    page = Procedure.objects.get(operator__slug="tele2", slug="port-in")
    assert search("how do i leave my old sim company", code="en").results[0].keys != ("procedure:tele2/port-in",)
    response = editor_client.post(
        "/admin/search/bestbet/add/",
        {"language": "en", "query": "Leave my old SIM company", "procedure": page.pk, "order": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BestBet.objects.get().words == "company leave old sim"
    # Inside the shared content's transaction the save bumps no version of its own
    # (serving.versions bumps once per transaction): drop the memo as a new version would.
    forget_memos()
    # The same words in another order, case and with question words: pinned first.
    first = search("How do I leave my old sim company?", code="en").results[0]
    assert first.keys == ("procedure:tele2/port-in",)
    assert first.pinned
    # Another language, or other words, is another query.
    assert (
        not search("leave my old sim company", code="ru").results[0].pinned
        if search("leave my old sim company", code="ru").results
        else True
    )
    assert not any(result.pinned for result in search("leave old sim", code="en").results)


@pytest.mark.parametrize(
    ("admin_language", "one_page", "no_words"),
    [
        ("en", "Choose exactly one page", "The query has no words search could match."),
        ("ru", "Выберите ровно одну страницу", "В запросе нет слов"),
        ("kk", "Дәл бір бетті таңдаңыз", "Сұрауда іздеу салыстыра алатын сөз жоқ."),
        ("zh-hans", "请只选择一个页面", "该搜索词中没有可供搜索匹配的词。"),
    ],
)
def test_a_best_bet_pins_exactly_one_page(editor_client, shipped_content, admin_language, one_page, no_words):
    page = Procedure.objects.get(operator__slug="kcell", slug="port-in")
    response = editor_client.post(
        "/admin/search/bestbet/add/",
        {"language": "kk", "query": "нөмір көшіру", "order": 0},
        HTTP_ACCEPT_LANGUAGE=admin_language,
    )
    assert response.status_code == 200
    assert one_page in response.content.decode()
    assert BestBet.objects.count() == 0
    response = editor_client.post(
        "/admin/search/bestbet/add/",
        {"language": "kk", "query": "қалай?", "procedure": page.pk, "order": 0},
        HTTP_ACCEPT_LANGUAGE=admin_language,
    )
    assert response.status_code == 200  # only question words: nothing to match
    assert no_words in response.content.decode()
    assert BestBet.objects.count() == 0


@pytest.mark.parametrize("code", ["zh-hans", "ru", "kk", "en"])
def test_a_pinned_faq_entry_comes_first_in_its_language(shipped_content, code):
    from faq.models import Entry

    entry = Entry.objects.get(slug="credit-history")
    queries = {"zh-hans": "信用记录", "ru": "кредитная история", "kk": "несие тарихы", "en": "credit score"}
    BestBet.objects.create(language=code, query=queries[code], entry=entry)
    assert search(queries[code], code=code).results[0].keys == ("faq:credit-history",)


def test_translators_cannot_pin(translator_client):
    assert translator_client.get("/admin/search/bestbet/add/").status_code == 403
