"""/<lang>/decide/: pages in four languages, links to the right procedures, tampered links,
the wording table, its system check, its admin and the diagram command."""

import functools
import re
from io import StringIO
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from config import languages
from decide import engine, flow
from decide.checks import check_decision_wording
from decide.models import DecisionText
from decide.wording import read_records
from editorial import registry
from editorial.models import Status
from editorial.shipped import normalise
from editors.content_loader import Loader, LoadReport, load_content, load_decision_texts
from guides.models import LoadedContent, Procedure
from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

ALL_LANGUAGES = pytest.mark.parametrize("code", languages.CODES)


@functools.cache
def shipped_wording() -> tuple[dict, ...]:
    """The shipped wording's field values, read from decision.yaml once per run (the
    parsing, not the writing, is what costs)."""
    spec = registry.get(DecisionText)
    return tuple(normalise(spec, record, record["key"]) for record in read_records())


@pytest.fixture
def wording():
    """The shipped wording, written straight to the table (fast; nothing recorded as loaded)."""
    DecisionText.objects.bulk_create(DecisionText(**values) for values in shipped_wording())


@pytest.fixture
def loaded_wording():
    """The shipped wording loaded the way `load_content` does it."""
    load_decision_texts(Loader(LoadReport()))


@pytest.fixture
def operators(wording):
    """Kcell has a published procedure of every kind (and a draft); Beeline only cancels;
    Tele2 has none; an inactive operator must never appear."""
    kcell = OperatorFactory(slug="kcell", name="Kcell", order=1)
    beeline = OperatorFactory(slug="beeline", name="Beeline", order=2)
    tele2 = OperatorFactory(slug="tele2", name="Tele2", order=3, website="https://tele2.example.kz/")
    OperatorFactory(slug="gone", name="Gone", order=4, active=False)
    for kind in Procedure.Kind.values:
        ProcedureFactory(operator=kcell, slug=f"{kind.replace('_', '-')}", kind=kind, with_steps=1)
    ProcedureFactory(operator=kcell, slug="draft-cancel", kind="cancel", status=Status.DRAFT, with_steps=1)
    ProcedureFactory(operator=beeline, slug="cancel", kind="cancel", with_steps=1)
    return {"kcell": kcell, "beeline": beeline, "tele2": tele2}


def url(code: str, answers: dict | None = None, **extra) -> str:
    with translation.override(code):
        base = reverse("decide:start")
    query = urlencode({**(answers or {}), **extra})
    return f"{base}?{query}" if query else base


def page(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    return response.content.decode()


def first_path(outcome: str, operator: str = "kcell") -> dict:
    return next(
        answers
        for answers in engine.paths(operators=("kcell", "beeline", "tele2"))
        if engine.outcome_for(answers=answers).outcome == outcome and operator in answers.values()
    )


def text(key: str, field: str, code: str) -> str:
    """A wording field as it appears in HTML (escaped)."""
    return escape(getattr(DecisionText.objects.get(key=key), languages.field_name(field, code)))


def has_hidden(html: str, name: str, value: str) -> bool:
    return re.search(rf'<input type="hidden"\s+name="{name}"\s+value="{value}"', html) is not None


def procedure_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]+/operators/[^"/]+/[^"/]+/)"', html))


# -- Question pages ---------------------------------------------------------------------------


@ALL_LANGUAGES
def test_first_question_is_the_h1_inside_the_legend(client, operators, code):
    response = client.get(url(code))
    html = page(response)
    assert response.status_code == 200
    assert f'<html lang="{code}">' in html
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S).group(1)
    assert "<h1" in legend
    assert text("question:situation", "text", code) in legend
    assert html.count("<h1") == 1
    for answer in flow.QUESTIONS["situation"]:
        assert f'value="{answer}"' in html
        assert text(f"answer:situation={answer}", "text", code) in html


def test_a_question_page_is_a_plain_get_form_without_cookies_or_token(client, operators):
    response = client.get(url("en", {"situation": "lost"}))
    html = page(response)
    form = re.search(r"<form[^>]*>", html).group(0)
    assert 'method="get"' in form
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert has_hidden(html, "situation", "lost")
    assert has_hidden(html, "asked", "location")
    assert '<button type="submit" class="govuk-button">Continue</button>' in html
    assert "<script" not in html


def test_the_back_link_comes_before_main_and_keeps_earlier_answers(client, operators):
    html = page(client.get(url("en", {"situation": "lost", "location": "abroad"})))
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link">', html)
    assert back and back.start() < html.index("<main")
    assert parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query) == {
        "situation": ["lost"],
        "previous": ["abroad"],
    }


def test_the_first_question_goes_back_home(client, operators):
    html = page(client.get(url("en")))
    assert re.search(r'<a href="/en/" class="govuk-back-link">', html)


def test_a_back_or_change_link_ticks_the_earlier_answer(client, operators):
    html = page(client.get(url("en", {"situation": "lost"}, previous="abroad")))
    assert re.search(r'value="abroad"\s+checked', html)


def test_your_answers_have_change_links_with_hidden_text(client, operators):
    html = page(client.get(url("en", {"situation": "lost", "location": "abroad"})))
    summary = html[html.index('class="govuk-summary-list"') :]
    assert text("answer:situation=lost", "text", "en") in summary
    changes = re.findall(r'<a href="([^"]+)">Change<span class="visually-hidden">\s*(.*?)\s*</span></a>', summary, re.S)
    assert len(changes) == 2
    assert "your answer to “What has happened, or what do you want to do?”" in changes[0][1]
    assert parse_qs(urlsplit(changes[1][0].replace("&amp;", "&")).query) == {
        "situation": ["lost"],
        "previous": ["abroad"],
    }


def test_operator_question_offers_active_operators_and_dont_know(client, operators):
    answers = {"situation": "lost", "location": "in_kz", "registered": "yes"}
    html = page(client.get(url("en", answers)))
    for slug in ("kcell", "beeline", "tele2", "dont_know"):
        assert f'value="{slug}"' in html
    assert 'value="gone"' not in html


# -- Result pages -----------------------------------------------------------------------------


@ALL_LANGUAGES
@pytest.mark.parametrize("outcome", flow.OUTCOMES)
def test_every_outcome_renders_in_every_language(client, operators, outcome, code):
    answers = first_path(outcome)
    response = client.get(url(code, answers))
    html = page(response)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == code
    assert f'<html lang="{code}">' in html
    assert text(f"outcome:{outcome}", "text", code) in html
    for key in engine.why(answers=answers):
        assert text(key, "reason", code) in html
    result = engine.outcome_for(answers=answers)
    for note in result.notes:
        assert text(f"note:{note}", "text", code) in html
    # What to do after: every outcome says it (unlink, keep the confirmation).
    with translation.override(code):
        assert "What to do after" in html or code != "en"
    assert "<h1" in html and html.count("<h1") == 1
    assert "fallback-note" not in html  # shipped wording is complete in every language


@pytest.mark.parametrize("outcome", flow.OUTCOMES)
def test_result_links_only_the_chosen_operators_published_procedures_of_the_right_kinds(client, operators, outcome):
    answers = first_path(outcome)
    result = engine.outcome_for(answers=answers)
    html = page(client.get(url("en", answers)))
    expected = {
        procedure.get_absolute_url()
        for procedure in Procedure.objects.published().filter(operator__slug="kcell", kind__in=result.procedure_kinds)
    }
    assert procedure_links(html) == expected
    assert "/draft-cancel/" not in html


def test_every_outcome_ends_with_what_to_do_after(client, operators):
    for outcome in flow.OUTCOMES:
        html = page(client.get(url("en", first_path(outcome))))
        after = html[html.index("What to do after") : html.index("Your answers")]
        assert re.search(r"bank, eGov (and|or) messenger", after), outcome
        assert any(word in after for word in ("confirmation", "receipts", "Write down")), outcome


def test_dont_know_shows_every_active_operators_procedures(client, operators):
    answers = {**first_path(flow.CANCEL), "operator": "dont_know"}
    html = page(client.get(url("en", answers)))
    assert procedure_links(html) == {"/en/operators/kcell/cancel/", "/en/operators/beeline/cancel/"}
    assert "Tele2" in html and "Gone" not in html


def test_an_operator_without_such_a_procedure_is_named_with_its_contacts(client, operators):
    answers = {**first_path(flow.CANCEL), "operator": "tele2"}
    html = page(client.get(url("en", answers)))
    assert procedure_links(html) == set()
    assert "We have no guide for this at Tele2 yet" in html
    assert 'href="https://tele2.example.kz/"' in html
    assert 'href="/en/operators/tele2/"' in html


def test_port_links_the_new_operators_port_in(client, operators):
    answers = first_path(flow.PORT)
    assert "new_operator" in answers
    html = page(client.get(url("en", answers)))
    assert procedure_links(html) == {"/en/operators/kcell/port-in/"}


def test_result_page_has_a_canonical_url_with_the_answers(client, operators):
    answers = first_path(flow.BLOCK_NOW)
    html = page(client.get(url("en", answers)))
    canonical = re.search(r'<link rel="canonical"\s+href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(canonical).query) == {k: [v] for k, v in answers.items()}


def test_result_page_queries_are_few_and_do_not_grow_with_operators(client, operators, django_assert_max_num_queries):
    answers = {**first_path(flow.CANCEL), "operator": "dont_know"}
    with django_assert_max_num_queries(4):
        page(client.get(url("en", answers)))
    for number in range(5):
        OperatorFactory(slug=f"extra-{number}")
    with django_assert_max_num_queries(4):
        page(client.get(url("en", answers)))


def test_answers_to_questions_the_path_never_asks_redirect_to_the_clean_result(client, operators):
    answers = first_path(flow.BLOCK_NOW)
    response = client.get(url("en", {**answers, "duration": "few_months", "plan": "prepaid"}))
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {k: [v] for k, v in answers.items()}


# -- Tampered links ---------------------------------------------------------------------------

LOST = "situation=lost&location=in_kz&registered=yes"
TAMPERED = [
    ("situation=stolen", "situation"),
    ("situation=", "situation"),
    ("asked=situation", "situation"),
    ("situation=lost&situation=unsure", "situation"),
    ("situation=lost&situation=lost", "situation"),
    ("situation=" + "x" * 5000, "situation"),
    ("situation=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "situation"),
    # (A control character such as %00 never reaches the flow: tests/serving/test_canonical.py.)
    ("situation=lost&location=in_kz&location=abroad", "location"),
    ("operator=kcell", "situation"),
    ("registered=yes&situation=lost", "location"),
    ("situation=lost&location=moon", "location"),
    ("situation=lost&location=in_kz&registered=maybe&operator=kcell", "registered"),
    (f"{LOST}&operator=mts", "operator"),
    (f"{LOST}&operator=gone", "operator"),
    (f"{LOST}&operator=kcell&operator=beeline", "operator"),
    (f"{LOST}&operator=KCELL", "operator"),
    ("situation=leaving_temporarily&location=in_kz&need_sms=yes", "duration"),
    ("situation=lost&asked=location", "location"),
    ("situation=unsure&location=abroad&operator=", "operator"),
    ("situation=%D0%BF%D0%BE%D1%82%D0%B5%D1%80%D1%8F%D0%BB", "situation"),
]


@pytest.mark.parametrize(("query", "question"), TAMPERED)
@pytest.mark.parametrize("code", ["en", "kk"])
def test_tampered_links_land_on_the_question_that_needs_an_answer(client, operators, query, question, code):
    with translation.override(code):
        base = reverse("decide:start")
    response = client.get(f"{base}?{query}")
    html = page(response)
    assert response.status_code == 400
    assert response.headers["Content-Language"] == code
    assert 'class="govuk-error-summary"' in html
    assert f'href="#id_{question}"' in html
    assert 'class="govuk-error-message"' in html
    assert text(f"question:{question}", "text", code) in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script>alert" not in html
    assert "x" * 200 not in main  # never echoed back into the form


def test_a_tampered_link_never_shows_a_result(client, operators):
    for query, _question in TAMPERED:
        html = page(client.get(f"/en/decide/?{query}"))
        assert "What to do after" not in html


@pytest.mark.parametrize("extra", [{"asked": "operator"}, {"previous": "kcell"}])
def test_a_result_with_extra_parameters_redirects_to_its_clean_url(client, operators, extra):
    # The last Continue adds `asked`; a change link adds `previous`: a result reads neither.
    answers = first_path(flow.BLOCK_NOW)
    response = client.get(url("en", answers, **extra))
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {k: [v] for k, v in answers.items()}
    assert page(client.get(response["Location"])).count(text("outcome:block_now", "text", "en")) >= 1


@pytest.mark.parametrize("extra", [{"utm_source": "telegram", "fbclid": "abc"}, {"situation[]": "x"}])
def test_parameters_the_flow_does_not_read_never_reach_it(client, operators, extra):
    # Messengers add tracking parameters to shared links: they are dropped before the
    # page cache (serving/canonical.py), so the visitor gets the clean page at once.
    answers = first_path(flow.BLOCK_NOW)
    clean = client.get(url("en", answers))
    tracked = client.get(url("en", answers, **extra))
    assert tracked.status_code == clean.status_code == 200
    assert tracked.content == clean.content
    assert "utm_source" not in page(tracked) and "fbclid" not in page(tracked)


def test_a_question_page_keeps_its_markers_but_drops_other_parameters(client, operators):
    assert client.get(url("en", {"situation": "lost"}, previous="abroad")).status_code == 200
    clean = client.get(url("en", {"situation": "lost"}))
    response = client.get(url("en", {"situation": "lost"}, utm_source="whatsapp"))
    assert response.status_code == 200
    assert response.content == clean.content
    assert client.get(url("en", fbclid="x")).content == client.get(url("en")).content


def test_an_error_page_keeps_the_valid_earlier_answers(client, operators):
    html = page(client.get(f"/en/decide/?{LOST}&operator=mts"))
    for name, value in (("situation", "lost"), ("location", "in_kz"), ("registered", "yes")):
        assert has_hidden(html, name, value)
    assert 'value="mts"' not in html


# -- The wording table and its check ----------------------------------------------------------


def test_shipped_wording_covers_every_node_so_the_check_passes(loaded_wording):
    assert DecisionText.objects.count() == len(flow.wording_nodes())
    assert check_decision_wording() == []


def test_a_missing_wording_row_fails_the_check(loaded_wording):
    DecisionText.objects.filter(key="outcome:suspend").delete()
    errors = check_decision_wording()
    assert [error.id for error in errors] == ["guides.E010"]
    assert "outcome:suspend" in errors[0].msg


def test_a_missing_language_fails_the_check(loaded_wording):
    DecisionText.objects.filter(key="question:situation").update(text_kk="")
    errors = check_decision_wording()
    assert [error.id for error in errors] == ["guides.E011"]
    assert "text_kk" in errors[0].msg


def test_a_text_the_shipped_file_has_but_the_last_load_did_not_only_warns(loaded_wording):
    record = LoadedContent.objects.get(key="decision_text:question:situation")
    record.data["text_kk"] = ""
    record.save()
    DecisionText.objects.filter(key="question:situation").update(text_kk="")
    assert [message.id for message in check_decision_wording()] == ["guides.W010"]


def test_a_node_without_any_wording_fails_the_check(loaded_wording, monkeypatch):
    nodes = (*flow.wording_nodes(), flow.WordingNode("note:brand_new", "note", ("text", "body")))
    monkeypatch.setattr(flow, "wording_nodes", lambda: nodes)
    assert [error.id for error in check_decision_wording()] == ["guides.E010"]


def test_shipped_but_not_yet_loaded_wording_only_warns(db):
    # Right after `migrate`, before `load_content`: an error would block the fix.
    assert [message.id for message in check_decision_wording()] == ["guides.W010"]


def test_the_check_does_not_crash_before_migrate(monkeypatch):
    def no_table(*args, **kwargs):
        raise OperationalError("no such table: guides_decisiontext")

    monkeypatch.setattr(DecisionText.objects, "all", no_table)
    assert check_decision_wording() == []


def test_the_check_is_registered_with_django(loaded_wording):
    DecisionText.objects.filter(key="outcome:cancel").delete()
    with pytest.raises(Exception, match=r"guides\.E010"):
        call_command("check")


def test_a_page_falls_back_to_shipped_wording_when_a_row_is_missing(client, operators):
    DecisionText.objects.filter(key="question:situation").delete()
    html = page(client.get(url("ru")))
    assert "Что случилось или что вы хотите сделать?" in html


def test_editors_wording_survives_load_content(shipped_content):
    DecisionText.objects.filter(key="outcome:cancel").update(text_ru="Правка редактора")
    load_content()
    assert DecisionText.objects.get(key="outcome:cancel").text_ru == "Правка редактора"
    assert LoadedContent.objects.filter(key="decision_text:outcome:cancel").exists()


def test_wording_needs_every_language_and_a_known_key():
    row = DecisionText(key="question:situation", kind="question", text_en="What happened?")
    with pytest.raises(Exception, match="text_kk"):
        row.full_clean()
    with pytest.raises(Exception, match="no node"):
        DecisionText(key="question:nope", kind="question").full_clean()


@ALL_LANGUAGES
def test_admin_lists_and_edits_wording_but_never_deletes_it(admin_client, wording, code):
    row = DecisionText.objects.get(key="outcome:cancel")
    headers = {"HTTP_ACCEPT_LANGUAGE": code}
    assert admin_client.get(reverse("admin:guides_decisiontext_changelist"), **headers).status_code == 200
    change = admin_client.get(reverse("admin:guides_decisiontext_change", args=[row.pk]), **headers)
    assert change.status_code == 200
    assert admin_client.get(reverse("admin:guides_decisiontext_delete", args=[row.pk])).status_code == 403


# -- The diagram ------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["mermaid", "dot"])
def test_diagram_shows_every_question_and_outcome(operators, output):
    out = StringIO()
    call_command("decision_graph", "--format", output, stdout=out)
    diagram = out.getvalue()
    assert diagram.startswith("%% 848 paths" if output == "mermaid" else "// 848 paths")
    for outcome in flow.OUTCOMES:
        assert f"outcome_{outcome}" in diagram
    for question in flow.QUESTIONS:
        assert f'"{question}"' in diagram


def test_diagram_can_use_an_editors_language(operators):
    out = StringIO()
    call_command("decision_graph", "--language", "kk", stdout=out)
    assert "SIM-картаны дереу бұғаттаңыз" in out.getvalue()


def test_manage_py_check_passes_on_a_database_without_tables(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_DATA_DIR"] = str(tmp_path)  # a fresh SQLite file: no tables at all
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "guides.E01" not in result.stderr + result.stdout
