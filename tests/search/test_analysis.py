"""How search reads each language: tables of real word forms from our texts, and the words
readers type. Forms of one word must meet at one token; different words must not."""

import pytest

from search.analysis import analyse, fold, latin, query_words
from search.analysis import kk as kazakh


def tokens(text, code):
    return [token.text for token in analyse(text, code)]


def meet(code, *forms):
    """Every form gives the same single token."""
    found = {tuple(tokens(form, code)) for form in forms}
    return len(found) == 1 and len(next(iter(found))) == 1


# Kazakh: the endings readers and our texts put on one root, in their vowel-harmony and
# consonant variants; the right column is what a reader without a Kazakh keyboard types.
KAZAKH_FORMS = [
    ("нөмір", "нөмірді", "нөмірім", "нөмірімді", "нөміріңізді", "нөмірін", "нөмірлер", "нөмірге", "номирди"),
    ("шарт", "шартты", "шартын", "шартқа", "шартты"),
    ("оператор", "операторға", "операторлар", "операторы", "операторыңыз"),
    ("жабу", "жабылады", "жабуға", "жабылған", "жабылган", "жаптырамын"),
    ("бұғаттау", "бұғатталады", "бұғатталған", "бұғаттауға", "бугаттау"),
    ("тіркеу", "тіркелген", "тіркеуге"),
    ("құжат", "құжаттар", "құжаттарды", "кужаттар"),
    ("сенімхат", "сенімхатпен", "сенімхаты"),
    ("теңгерім", "теңгерімді", "теңгерімнен", "тенгерим"),
    ("жоғалту", "жоғалтып", "жоғалтты"),
    ("кеңсе", "кеңсеге", "кеңсесіне", "кеңседе"),
    ("шетел", "шетелге", "шетелде", "шетелдегі", "шетелден"),
]


@pytest.mark.parametrize("forms", KAZAKH_FORMS, ids=lambda forms: forms[0])
def test_kazakh_forms_of_one_word_meet(forms):
    assert meet("kk", *forms), {form: tokens(form, "kk") for form in forms}


@pytest.mark.parametrize(
    ("one", "other"),
    [("нөмір", "шарт"), ("жабу", "жаңа"), ("бала", "бар"), ("құжат", "құн"), ("тіркеу", "тексеру")],
)
def test_different_kazakh_words_stay_apart(one, other):
    assert tokens(one, "kk") != tokens(other, "kk")


def test_a_short_kazakh_word_keeps_its_last_letter():
    # "бала" (child) is not "бал" + а: a one-letter ending leaves at least four letters.
    assert kazakh.stem("бала") == "бала"


RUSSIAN_FORMS = [
    ("блокировка", "блокировку", "блокировки", "блокировкой"),
    ("заблокировать", "заблокировал", "заблокировали"),
    ("расторжение", "расторжения", "расторжении"),
    ("номер", "номера", "номером", "номеру"),
    ("ёлка", "елку"),  # ё = е
]


@pytest.mark.parametrize("forms", RUSSIAN_FORMS, ids=lambda forms: forms[0])
def test_russian_forms_meet(forms):
    assert meet("ru", *forms), {form: tokens(form, "ru") for form in forms}


@pytest.mark.parametrize("forms", [("cancel", "cancelled", "cancelling"), ("number", "numbers"), ("block", "blocked")])
def test_english_forms_meet(forms):
    assert meet("en", *forms)


@pytest.mark.parametrize(
    ("query", "code", "left"),
    [
        ("как заблокировать сим карту если потерял телефон", "ru", ["заблокирова", "сим", "карт", "потеря", "телефон"]),
        ("how do I cancel my number", "en", ["cancel", "number"]),
        ("нөмірімді қалай жабамын", "kk", ["номир", "жап"]),
    ],
)
def test_question_words_are_stop_words(query, code, left):
    assert tokens(query, code) == left


def test_chinese_is_read_as_characters_and_pairs_without_question_words():
    found = analyse("哈萨克斯坦手机号怎么注销", "zh-hans")
    pairs = [token.text for token in found if len(token.text) == 2]
    # 哈萨克斯坦 says nothing on a guide about Kazakhstan; 怎么 is a question word.
    assert pairs == ["手机", "机号", "注销"]
    assert all(token.weight < 1 for token in found if len(token.text) == 1)


def test_chinese_and_latin_in_one_run_are_two_words():
    assert tokens("kcell怎么销号", "zh-hans")[0] == "kcell"
    assert "销号" in tokens("kcell怎么销号", "zh-hans")


def test_a_hyphenated_word_also_counts_as_written_together():
    assert {"sim", "карт", "simкарт"} <= set(tokens("SIM-карта", "ru"))


def test_folding_handles_full_width_and_case():
    assert fold("ＫＣＥＬＬ Ёлка") == "kcell елка"


def test_cyrillic_names_of_services_have_a_latin_spelling():
    assert [latin(word) for word in ("егов", "каспи", "имей")] == ["egov", "kaspi", "imei"]


@pytest.mark.parametrize(
    ("one", "other", "code"),
    [
        ("How do I cancel Kcell?", "cancel kcell", "en"),
        ("Как расторгнуть договор Kcell", "kcell договор расторгнуть", "ru"),
        ("kcell怎么销号", "kcell 销号", "zh-hans"),
    ],
)
def test_best_bets_compare_the_words_of_a_query(one, other, code):
    assert query_words(one, code) == query_words(other, code)
    assert query_words(one, code)
