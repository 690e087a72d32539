"""An editor or translator who types a forbidden variant of the termbase is warned on save,
in their own language, naming the field, the variant and the term; the save stands."""

import pytest

from faq.models import Entry
from guides.models import Procedure, Step
from tests.admin_forms import change_url, submit
from tests.factories import EntryFactory, ProcedureFactory

pytestmark = pytest.mark.django_db
# Editors say whether a change to a public page is major or minor; these are minor.
MINOR = {"change_kind": "minor"}

# The editor's language → how the warning's fixed words read in it.
SAVED_AS_IT_IS = {
    "en": "Saved as it is.",
    "ru": "Сохранено как есть.",
    "kk": "Сол күйінде сақталды.",
    "zh-hans": "已按原样保存。",
}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("language", list(SAVED_AS_IT_IS))
def test_an_editor_is_warned_of_a_variant_and_the_save_stands(editor_client, language):
    procedure = ProcedureFactory(with_steps=1)
    response = submit(
        editor_client,
        change_url(procedure),
        {**MINOR, "summary_kk": "Нөмірді жабу үшін теңгерімді тексеріңіз."},
        language=language,
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary_kk == "Нөмірді жабу үшін теңгерімді тексеріңіз."
    page = editor_client.get(response.url, HTTP_ACCEPT_LANGUAGE=language)
    warnings = [m for m in messages_of(page) if "жабу" in m]
    assert len(warnings) == 1, messages_of(page)
    assert "шартты бұзу" in warnings[0]
    assert "kk" in warnings[0].replace("жабу", "")
    assert SAVED_AS_IT_IS[language] in warnings[0]


def test_a_translator_is_warned_of_a_variant_in_a_step(translator_client):
    procedure = ProcedureFactory(with_steps=1)
    response = submit(translator_client, change_url(procedure), {"steps-0-body_zh_hans": "把旧SIM卡从卡托中取出。"})
    assert response.status_code == 302
    assert Step.objects.get(procedure=procedure).body_zh_hans == "把旧SIM卡从卡托中取出。"
    warnings = messages_of(translator_client.get(response.url))
    assert any("卡托" in m and "卡板" in m and "(zh-hans)" in m for m in warnings), warnings


def test_no_warning_for_search_keywords_or_clean_text(editor_client):
    entry = EntryFactory()
    response = submit(
        editor_client,
        change_url(entry),
        {
            **MINOR,
            "search_keywords_kk": "нөмірді жабу, баланс",
            "answer_kk": "Шартты бұзу алдында теңгерімді тексеріңіз.",
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).search_keywords_kk == "нөмірді жабу, баланс"
    assert not [m for m in messages_of(editor_client.get(response.url)) if "жабу" in m or "баланс" in m]


def test_an_allowed_place_is_not_warned(editor_client):
    procedure = ProcedureFactory(operator__slug="kcell", slug="suspend-in-person", with_steps=1)
    response = submit(
        editor_client,
        change_url(procedure),
        {**MINOR, "steps-0-body_kk": "Әдетте қоңыраулар, SMS және интернет өшеді."},
    )
    assert response.status_code == 302
    assert not [m for m in messages_of(editor_client.get(response.url)) if "өшеді" in m]
    assert Procedure.objects.get(pk=procedure.pk).steps.get().body_kk.endswith("өшеді.")
