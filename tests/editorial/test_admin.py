"""The editors' admin: every page renders in every language, and a procedure with its
steps and documents can be saved through it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from config import languages
from editorial import registry
from editorial.models import Status
from guides.models import Procedure
from tests.factories import CONTENT_MAKERS, DocumentFactory, OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [entry.label for entry in registry.content_models() if entry.owner is None]

# A string of Django's admin that each language must show (the Kazakh one comes from
# our own completion of Django's catalog: Django ships it untranslated).
VIEW_SITE = {"en": "View site", "ru": "Открыть сайт", "kk": "Сайтты қарау", "zh-hans": "查看站点"}


def test_every_content_model_is_in_the_admin():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(CONTENT_MODELS) <= registered
    assert set(CONTENT_MODELS) == set(CONTENT_MAKERS), "tests/factories.py needs a maker for each content model"


@pytest.mark.parametrize("code", languages.CODES)
@pytest.mark.parametrize("label", CONTENT_MODELS)
def test_changelist_add_and_change_pages_render(admin_client, label, code):
    obj = CONTENT_MAKERS[label]()
    app, model = label.split(".")
    headers = {"HTTP_ACCEPT_LANGUAGE": code}
    # Change notes are written on their page's form, so they have no add page.
    can_add = admin.site._registry[type(obj)].has_add_permission(admin_client.get("/").wsgi_request)
    for url in (
        reverse(f"admin:{app}_{model}_changelist"),
        *([reverse(f"admin:{app}_{model}_add")] if can_add else []),
        reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
    ):
        response = admin_client.get(url, **headers)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == code
        assert VIEW_SITE[code] in response.content.decode()


def test_admin_index_in_kazakh_has_no_english_django_strings(admin_client):
    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    for english in ("View site", "Recent actions", "My actions", "Log out", "Site administration"):
        assert english not in page


def test_tabs_use_our_own_jquery_ui_never_a_cdn(admin_client):
    page = admin_client.get(reverse("admin:guides_procedure_add")).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page
    assert "tabbed_translation_fields.js" in page


def procedure_form(operator, document, *, status=Status.PUBLISHED, steps=(), documents=()):
    data = {
        "operator": operator.pk,
        "slug": "cancel-in-person",
        "kind": "cancel",
        "channel": "in_person",
        "status": status,
        "order": 0,
        "verified_on": "",
        "verified_by": "",
    }
    for code in languages.CODES:
        for field in ("title", "summary", "eligibility", "duration_note", "cost_note", "search_keywords"):
            data[languages.field_name(field, code)] = f"{field} {code}" if field == "title" else ""
    data.update({"steps-TOTAL_FORMS": len(steps), "steps-INITIAL_FORMS": 0})
    for index, title in enumerate(steps):
        data[f"steps-{index}-order"] = index + 1
        for code in languages.CODES:
            data[f"steps-{index}-{languages.field_name('title', code)}"] = f"{title} ({code})"
            data[f"steps-{index}-{languages.field_name('body', code)}"] = f"**{title}** body ({code})"
    data.update({"required_documents-TOTAL_FORMS": len(documents), "required_documents-INITIAL_FORMS": 0})
    for index, audience in enumerate(documents):
        data[f"required_documents-{index}-order"] = index + 1
        data[f"required_documents-{index}-document"] = document.pk
        data[f"required_documents-{index}-audience"] = audience
        for code in languages.CODES:
            data[f"required_documents-{index}-{languages.field_name('note', code)}"] = ""
    return data


@pytest.mark.parametrize("code", languages.CODES)
def test_save_a_procedure_with_steps_and_documents(admin_client, code):
    operator, document = OperatorFactory(), DocumentFactory()
    data = procedure_form(operator, document, steps=["Go", "Sign", "Keep"], documents=["citizen", "foreign"])
    response = admin_client.post(reverse("admin:guides_procedure_add"), data, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    procedure = Procedure.objects.get(operator=operator, slug="cancel-in-person")
    assert [step.title_kk for step in procedure.steps.all()] == ["Go (kk)", "Sign (kk)", "Keep (kk)"]
    assert procedure.steps.first().body_zh_hans == "**Go** body (zh-hans)"
    assert sorted(procedure.required_documents.values_list("audience", flat=True)) == ["citizen", "foreign"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("en", "A published procedure needs at least one step."),
        ("ru", "Опубликованной процедуре нужен хотя бы один шаг."),
        ("kk", "Жарияланған процедурада кемінде бір қадам болуы керек."),
        ("zh-hans", "已发布的流程至少需要一个步骤。"),
    ],
)
def test_publishing_without_steps_is_refused_in_the_editors_language(admin_client, code, message):
    data = procedure_form(OperatorFactory(), DocumentFactory(), steps=[])
    response = admin_client.post(reverse("admin:guides_procedure_add"), data, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Procedure.objects.exists()


def test_a_draft_may_be_saved_without_steps(admin_client):
    data = procedure_form(OperatorFactory(), DocumentFactory(), status=Status.DRAFT)
    response = admin_client.post(reverse("admin:guides_procedure_add"), data)
    assert response.status_code == 302
    assert Procedure.objects.drafts().count() == 1


def test_reserved_slug_is_refused_in_the_form(admin_client):
    data = procedure_form(OperatorFactory(), DocumentFactory(), steps=["Go"]) | {"slug": "print"}
    response = admin_client.post(reverse("admin:guides_procedure_add"), data)
    assert response.status_code == 200
    assert "reserved" in response.content.decode()


def test_changelist_shows_which_languages_are_complete(admin_client):
    ProcedureFactory(title_en="Complete", with_steps=1)
    ProcedureFactory(title_en="Missing Kazakh", title_kk="", with_steps=1)
    response = admin_client.get(reverse("admin:guides_procedure_changelist"))
    rows = {row.title_en: row for row in response.context["cl"].result_list}
    columns = {column.__name__: column for column in response.context["cl"].list_display if callable(column)}
    assert columns["complete_kk"](rows["Complete"]) is True
    assert columns["complete_kk"](rows["Missing Kazakh"]) is False
    assert columns["complete_ru"](rows["Missing Kazakh"]) is True


def test_a_missing_step_translation_makes_the_procedure_incomplete(admin_client):
    procedure = ProcedureFactory(title_en="Step untranslated", with_steps=2)
    procedure.steps.update(body_zh_hans="")
    response = admin_client.get(reverse("admin:guides_procedure_changelist"))
    columns = {column.__name__: column for column in response.context["cl"].list_display if callable(column)}
    row = response.context["cl"].result_list[0]
    assert columns["complete_zh_hans"](row) is False
    assert columns["complete_en"](row) is True


@pytest.mark.parametrize(
    "filter_query",
    [
        "operator__id__exact=1",
        "kind__exact=cancel",
        "status__exact=draft",
        "verified=never",
        "verified=stale",
        "channel__exact=online",
        "q=Procedure",
    ],
)
def test_changelist_filters_and_search(admin_client, filter_query):
    ProcedureFactory()
    response = admin_client.get(reverse("admin:guides_procedure_changelist") + "?" + filter_query)
    assert response.status_code == 200
