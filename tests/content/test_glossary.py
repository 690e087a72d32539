"""The termbase (content/glossary.yaml) holds: no shipped text and none of our own interface
strings uses a forbidden variant; the matching is precise (stems, boundaries, allowed places)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from config import languages
from editorial import glossary, registry
from editorial.shipped import ContentError
from guides.models import Step

ROOT = Path(settings.BASE_DIR)
# Our own catalogs; Django's Kazakh catalog (locale_django_kk/) is not ours to word.
CATALOGS = {
    code: ROOT / "locale" / languages.get(code).locale / "LC_MESSAGES" / "django.po" for code in languages.CODES
}
OPERATOR_KINDS = {"operator", "procedure", "step", "required_document", "contact"}
FILES = {
    "entry": "faq.yaml",
    "category": "faq.yaml",
    "document": "documents.yaml",
    "company": "companies.yaml",
    "decision_text": "decision.yaml",
    "source": "sources.yaml",
    "change_note": "a changes: note",
}


def shipped_file(key: str) -> str:
    kind, natural = key.split(":", 1)
    if kind in OPERATOR_KINDS:
        return f"operators/{natural.split('/')[0].split('#')[0]}.yaml"
    return FILES[kind]


def describe(where: str, key: str, finding: glossary.Finding) -> str:
    return (
        f"{where} {key} [{finding.code}]: «{finding.variant}» — the {finding.concept.id} term is "
        f"«{finding.term}» ({finding.note})"
    )


def content_problems() -> list[str]:
    """Every forbidden variant in the content in the database, named by file, key and language."""
    problems = []
    for spec in registry.content_models():
        if not spec.translated:
            continue
        for obj in spec.model.objects.select_related(*spec.select_related):
            for name, finding in glossary.object_findings(obj):
                key = glossary.content_key(obj, name)
                problems.append(describe(shipped_file(key), key, finding))
    return problems


def catalog_problems(path: Path, code: str) -> list[str]:
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        key = glossary.interface_key(entry.msgid, entry.msgctxt)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            for finding in glossary.findings(text, code=code, key=key):
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                problems.append(describe(f"{shown} line {entry.linenum}", key, finding))
    return problems


def test_shipped_content_uses_the_terms(shipped_content):
    assert content_problems() == []


@pytest.mark.parametrize("code", languages.CODES)
def test_our_interface_catalogs_use_the_terms(code):
    assert catalog_problems(CATALOGS[code], code) == []


def test_a_planted_variant_in_content_fails_naming_file_key_language_and_term(shipped_content):
    step = Step.objects.get(procedure__operator__slug="kcell", procedure__slug="cancel-in-person", order=3)
    step.body_kk += " Нөміріңізді жабыңыз, теңгерімді (баланс) тексеріңіз."
    step.body_zh_hans += "请带上卡托。"
    step.save()
    problems = content_problems()
    assert any(
        problem.startswith("operators/kcell.yaml step:kcell/cancel-in-person/3#body [kk]: «жабыңыз»")
        and "«шартты бұзу»" in problem
        for problem in problems
    ), problems
    assert any("[kk]: «баланс» — the balance term is «теңгерім»" in problem for problem in problems)
    assert any("[zh-hans]: «卡托» — the sim-card-plastic term is «卡板»" in problem for problem in problems)
    assert len(problems) == 3


def test_search_keywords_may_hold_variants(shipped_content):
    step = Step.objects.filter(procedure__operator__slug="kcell").first()
    procedure = step.procedure
    procedure.search_keywords_kk = "нөмірді жабу, баланс"
    procedure.save()
    assert content_problems() == []


def test_a_planted_variant_in_a_catalog_fails(tmp_path):
    catalog = polib.pofile(str(CATALOGS["ru"]))
    catalog.append(polib.POEntry(msgid="Planted", msgstr="Возьмите сим-карту и закройте номер"))
    catalog.append(polib.POEntry(msgid="Planted too", msgstr="Закрытие номера"))
    path = tmp_path / "django.po"
    catalog.save(str(path))
    problems = catalog_problems(path, "ru")
    assert len(problems) == 3, problems
    assert any("«сим-карту» — the sim-card term is «SIM-карта»" in problem for problem in problems)
    assert sum("terminate-contract term is «расторжение договора»" in problem for problem in problems) == 2


# -- The matching itself -----------------------------------------------------------------


def kk(text, key=""):
    return [finding.variant for finding in glossary.findings(text, code="kk", key=key)]


def zh(text, key=""):
    return [finding.variant for finding in glossary.findings(text, code="zh-hans", key=key)]


@pytest.mark.parametrize(
    "text",
    ["нөмірді жабу", "Нөмір жабылған соң", "нөмірді жабудың жолы", "Нөміріңізді жабыңыз", "НӨМІРДІ ЖАБУ"],
)
def test_inflected_kazakh_variants_are_found(text):
    assert kk(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "Жабдықты қайтару актісі",  # equipment, not "close"
        "жабдықтар тізімі",
        "шартты бұзу өтініші",
        "Көшірмесін алыңыз",  # көшірме holds өшір inside a word
        "уақытша бұғаттау (ерікті бұғаттау)",  # the gloss in parentheses
        "кредиттік тарих",
    ],
)
def test_kazakh_words_that_only_look_alike_are_not_flagged(text):
    assert kk(text) == []


def test_each_kazakh_variant_names_its_term():
    found = {f.variant: f.term for f in glossary.findings("Ерікті бұғаттау, қарыз, баланс, чек", code="kk")}
    assert found == {"Ерікті бұғаттау": "уақытша бұғаттау", "қарыз": "берешек", "баланс": "теңгерім", "чек": "түбіртек"}


def test_allowed_places_are_skipped_in_their_language_only():
    text = "Әдетте қоңыраулар, SMS және интернет өшеді."
    assert kk(text) == ["өшеді"]
    assert kk(text, key="step:kcell/suspend-in-person/1#body") == []
    assert kk(text, key="step:kcell/suspend-in-person/2#body") == ["өшеді"]


def test_chinese_tray_is_found_except_where_allowed(tmp_path):
    assert zh("SIM卡或其卡板") == []
    assert zh("把SIM卡放进卡托") == ["卡托"]
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "- id: sim-card-plastic\n"
        "  definition: the card\n"
        "  terms: {en: plastic card, ru: карточка, kk: карта, zh-hans: 卡板}\n"
        "  variants: {zh-hans: [{pattern: 卡托, note: tray}]}\n"
        "  allowed: [{key: 'step:kcell/replace-sim/2#body', language: zh-hans, why: the phone's tray}]\n"
        "  why: test\n",
        encoding="utf-8",
    )
    termbase = glossary.load(path)
    found = glossary.findings("把SIM卡放进卡托", code="zh-hans", termbase=termbase)
    assert [f.variant for f in found] == ["卡托"]
    assert (
        glossary.findings("把SIM卡放进卡托", code="zh-hans", key="step:kcell/replace-sim/2#body", termbase=termbase)
        == []
    )


def test_chinese_word_inside_another_is_not_flagged():
    assert zh("注销号码") == []  # holds 销号
    assert zh("销号") == ["销号"]
    assert zh("授权委托书") == []  # holds 委托书, the term
    assert zh("号码持有人") == ["持有人"]


def test_russian_variants():
    found = [f.variant for f in glossary.findings("Сим-карта, закрыть номер, перерегистрация", code="ru")]
    assert found == ["закрыть номер", "перерегистрация", "Сим-карта"]
    assert glossary.findings("SIM-карта, расторжение договора, переоформление", code="ru") == []


@pytest.mark.parametrize(
    "text",
    [
        "Долг не исчезает, когда номер закрыт.",  # the noun before the participle (issue 23)
        "Номер уже закрыли?",
        "номера закрываются через полгода",
        "закрыть номер",
        "Закрытие номера",
    ],
)
def test_russian_closing_a_number_is_found_in_either_word_order(text):
    assert [f.concept.id for f in glossary.findings(text, code="ru")] == ["terminate-contract"]


@pytest.mark.parametrize("text", ["номер закреплён за вами", "Номер, который закрепили", "закрытый конверт"])
def test_russian_words_that_only_look_alike_are_not_flagged(text):
    assert glossary.findings(text, code="ru") == []


def test_a_broken_termbase_is_one_line_naming_the_concept(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "- id: x\n  terms: {en: a, ru: b, kk: c, zh-hans: d}\n  variants: {kk: [{pattern: '(', note: n}]}\n  why: y\n"
    )
    with pytest.raises(ContentError, match=r"glossary.yaml concept x: bad pattern"):
        glossary.load(path)
    path.write_text("- id: x\n  terms: {en: a}\n  why: y\n")
    with pytest.raises(ContentError, match=r"concept x: needs a term in each of"):
        glossary.load(path)


def test_every_concept_has_a_term_in_every_language_and_a_why():
    for concept in glossary.concepts():
        assert set(concept.terms) == set(languages.CODES), concept.id
        assert concept.why, concept.id
