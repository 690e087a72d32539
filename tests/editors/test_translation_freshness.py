"""Translation freshness through the translators' PO files and load_content: a text that
needs review is exported fuzzy with the newest text in a comment; importing it no longer
fuzzy confirms it; shipped content starts consistent, and a shipped change in one
language flags the others."""

from __future__ import annotations

import polib
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import languages
from editorial.models import OutdatedText
from editors.content_loader import load_content
from editors.translation_export import export_language
from editors.translation_import import apply_import, parse_import
from guides.models import Procedure
from operators.models import Operator
from tests.editors.test_translation_files import upload
from tests.factories import OperatorFactory, ProcedureFactory, StepFactory

pytestmark = pytest.mark.django_db

STEP = "step:kcell/cancel/1#body"


def newest_for(code: str) -> str:
    return "en" if code == "ru" else "ru"


@pytest.fixture
def step():
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel")
    StepFactory(procedure=procedure, order=2)
    return StepFactory(procedure=procedure, order=1, body_en="Bring your passport.")


def change_newest(step, code: str) -> str:
    """Change the step's body in the language newer than `code`; returns the new text."""
    newest = newest_for(code)
    text = {"ru": "Возьмите паспорт и договор.", "en": "Bring your passport and the contract."}[newest]
    setattr(step, languages.field_name("body", newest), text)
    step.save()
    return text


def entry(text: str, context: str) -> polib.POEntry:
    return next(item for item in polib.pofile(text) if item.msgctxt == context)


def unfuzzied(text: str, context: str, msgstr: str | None = None) -> str:
    po = polib.pofile(text)
    item = next(item for item in po if item.msgctxt == context)
    item.flags.remove("fuzzy")
    if msgstr is not None:
        item.msgstr = msgstr
    return str(po)


def flagged(step) -> set[str]:
    return set(OutdatedText.objects.filter(object_id=step.pk, model="guides.step").values_list("language", flat=True))


@pytest.mark.parametrize("code", languages.CODES)
def test_a_text_to_review_is_exported_fuzzy_with_the_newest_text(step, code):
    newest_text = change_newest(step, code)
    text = export_language(code=code)
    item = entry(text, STEP)
    assert "fuzzy" in item.flags
    today = timezone.localdate().isoformat()
    assert f"newest text ({newest_for(code)}, {today}): {newest_text}" in item.tcomment
    assert item.msgid == step.body_en  # the msgid stays English
    assert item.msgstr == getattr(step, languages.field_name("body", code))
    # Nothing else is marked.
    assert [other.msgctxt for other in polib.pofile(text) if "fuzzy" in other.flags] == [STEP]


@pytest.mark.parametrize("code", languages.CODES)
def test_importing_it_no_longer_fuzzy_confirms_it_and_nothing_else(step, code):
    change_newest(step, code)
    others = set(languages.CODES) - {code, newest_for(code)}
    plan = parse_import(code=code, text=unfuzzied(export_language(code=code), STEP))
    assert plan.ok, plan.errors
    assert plan.changes == []
    assert [item.context for item in plan.confirmations] == [STEP]
    assert flagged(step) == others | {code}  # planning changes nothing
    apply_import(plan)
    assert flagged(step) == others


def test_an_entry_still_fuzzy_stays_to_review(step):
    change_newest(step, "kk")
    plan = parse_import(code="kk", text=export_language(code="kk"))
    assert plan.confirmations == []
    apply_import(plan)
    assert "kk" in flagged(step)


def test_an_updated_text_catches_up_and_flags_nothing_else(step):
    change_newest(step, "kk")
    plan = parse_import(code="kk", text=unfuzzied(export_language(code="kk"), STEP, "Паспорт пен шартты алыңыз."))
    assert [change.context for change in plan.changes] == [STEP]
    apply_import(plan)
    assert flagged(step) == {"zh-hans", "en"}


def test_a_confirmation_is_void_when_the_newest_text_changed_again_after_the_export(step):
    change_newest(step, "kk")
    text = unfuzzied(export_language(code="kk"), STEP)
    step.body_ru = "Возьмите паспорт, договор и SIM-карту."
    step.save()
    plan = parse_import(code="kk", text=text)
    assert plan.confirmations == []
    assert any("changed again" in warning.message for warning in plan.warnings)


@pytest.mark.django_db(transaction=True)  # real commits: the version is bumped per transaction
@pytest.mark.parametrize("code", languages.CODES)
def test_a_translator_confirms_through_the_upload_pages_with_one_invalidation(translator_client, code):
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel")
    steps = [StepFactory(procedure=procedure, order=order) for order in (1, 2, 3)]
    for step in steps:
        step.body_ru = "Новый текст"
        step.save()
    po = polib.pofile(export_language(code="kk"))
    for item in po:
        if "fuzzy" in item.flags:
            item.flags.remove("fuzzy")
    preview = upload(translator_client, str(po), HTTP_ACCEPT_LANGUAGE=code)
    assert preview.status_code == 200
    token = preview.context["token"]
    assert len(preview.context["plan"].confirmations) == 3
    with CaptureQueriesContext(connection) as queries:
        response = translator_client.post(reverse("translations:confirm"), {"token": token}, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 302
    assert not OutdatedText.objects.filter(language="kk").exists()
    assert OutdatedText.objects.filter(language="en").count() == 3
    bumps = [query for query in queries.captured_queries if 'UPDATE "guides_contentversion"' in query["sql"]]
    assert len(bumps) == 1


# -- load_content --------------------------------------------------------------------------------


def test_shipped_content_starts_consistent(shipped_content):
    assert Procedure.objects.exists()
    assert not OutdatedText.objects.exists()


def test_a_shipped_change_in_every_language_flags_nothing(shipped_content, content_copy):
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["hours_note"] = {code: f"{text} (2)" for code, text in data["hours_note"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_content(content_copy).updated == ["operator:kcell"]
    assert not OutdatedText.objects.exists()


def test_a_shipped_change_in_russian_flags_the_other_languages(shipped_content, content_copy):
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["hours_note"]["ru"] = "Часы работы офисов разные; уточните на сайте Kcell."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_content(content_copy)
    kcell = Operator.objects.get(slug="kcell")
    rows = OutdatedText.objects.filter(model="operators.operator", object_id=kcell.pk)
    assert {(row.field, row.language, row.newest_language) for row in rows} == {
        ("hours_note", "kk", "ru"),
        ("hours_note", "zh-hans", "ru"),
        ("hours_note", "en", "ru"),
    }
    assert OutdatedText.objects.count() == 3
