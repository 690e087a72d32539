"""/<lang>/decide/: “Should I suspend or cancel?”, one question per page.

The view only glues the request to `decide.flow` and the templates. Answers travel in
the query string (GET), so every page works without JavaScript or cookies and a result is
a URL that can be shared.

Status codes:
- a question page or a result page: 200;
- a question page shown because the query string was wrong (an unknown or duplicated
  value, a value that is too long, a skipped question, answers out of order, Continue
  without a choice): 400, with the error on the page in the visitor's language. The
  public cache stores only 200s, so broken or tampered links never fill it;
- a query string holding more than the answers (answers to questions the path never asks,
  tracking parameters, or the question pages' markers on a result): 302 to the clean URL
  of the same page.

Pages are marked `public_page`: the cache (serving/versions.py) keeps only the 200s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Hidden, Layout
from django import forms
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from decide import engine, flow
from decide.models import DecisionText
from decide.wording import wording
from editorial.text import localized
from guides.models import Procedure
from operators.models import Operator
from serving.public_pages import public_page

PROBLEM_MESSAGES = {
    flow.Problem.MISSING: gettext_lazy("Select an answer."),
    flow.Problem.INVALID: gettext_lazy(
        "The link had an answer to this question that we don't recognise. Select one of the answers."
    ),
    flow.Problem.DUPLICATE: gettext_lazy("The link had more than one answer to this question. Select one answer."),
    flow.Problem.OUT_OF_ORDER: gettext_lazy(
        "The link skipped this question, so the answers after it were not used. Answer this question to continue."
    ),
}


@dataclass(frozen=True)
class Choice:
    value: str
    input_id: str  # the first radio has the field's own id: the error summary links to it
    wording: DecisionText | None  # None for an operator: its brand name is not translated
    name: str = ""
    divider_before: bool = False  # "or" before "I don't know", as GOV.UK radios do


@dataclass(frozen=True)
class AnswerRow:
    question: DecisionText
    answer: DecisionText | None
    answer_name: str
    change_url: str

    @property
    def question_text(self) -> str:
        return localized(self.question, "text").text


@dataclass(frozen=True)
class OperatorLinks:
    operator: Operator
    procedures: list[Procedure]


class QuestionForm(forms.Form):
    """One question as radios, drawn by crispy-forms with the GOV.UK pack. It only
    displays: the answers are validated by `engine.parse_query`."""

    def __init__(
        self,
        *,
        question: str,
        wording: DecisionText,
        choices: list[Choice],
        earlier: Mapping[str, str],
        selected: str | None,
        error: str | None,
        action: str,
    ) -> None:
        super().__init__()
        self.fields[question] = forms.ChoiceField(
            choices=[(choice.value, choice.value) for choice in choices], widget=forms.RadioSelect
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        self.helper.disable_csrf = True  # a GET form: no token, no cookie
        self.helper.form_show_errors = False  # the page's error summary and our field template show them
        self.helper.layout = Layout(
            *(Hidden(name, value) for name, value in earlier.items()),
            Hidden(flow.ASKED, question),
            Field(
                question,
                template="decide/radios.html",
                context={"question": wording, "choices": choices, "selected": selected, "error": error},
            ),
            # A named button would add itself to every shared URL.
            HTML(format_html('<button type="submit" class="govuk-button">{}</button>', gettext("Continue"))),
        )


@public_page(reads=(*flow.QUESTIONS, flow.ASKED, flow.PREVIOUS))
def decide(request: HttpRequest) -> HttpResponse:
    operators = {operator.slug: operator for operator in Operator.objects.active()}
    query = {name: request.GET.getlist(name) for name in request.GET}
    page = engine.present(query=query, operators=operators)
    if not page.parsed.is_canonical:
        clean = page.canonical_query
        return redirect(f"{request.path}?{clean}" if clean else request.path)

    texts = wording(page.wording_keys)
    back = page.back_query
    context = {
        "answers": [answer_row(row, texts=texts, operators=operators, path=request.path) for row in page.summary],
        "back_url": f"{request.path}?{back}" if back is not None else reverse("pages:home"),
        "start_url": request.path,
    }
    if page.result is None:
        return question_page(
            request, parsed=page.parsed, query=query, operators=operators, texts=texts, context=context
        )
    return result_page(request, page=page, operators=operators, texts=texts, context=context)


def answer_row(
    row: engine.SummaryRow, *, texts: Mapping[str, DecisionText], operators: Mapping[str, Operator], path: str
) -> AnswerRow:
    operator = operators.get(row.answer) if row.question in flow.OPERATOR_QUESTIONS else None
    return AnswerRow(
        question=texts[flow.question_key(row.question)],
        answer=None if operator else texts[flow.answer_key(row.question, row.answer)],
        answer_name=operator.name if operator else "",
        change_url=f"{path}?{row.change_query}",
    )


def question_page(
    request: HttpRequest,
    *,
    parsed: engine.Parsed,
    query: Mapping[str, list[str]],
    operators: Mapping[str, Operator],
    texts: Mapping[str, DecisionText],
    context: dict,
) -> HttpResponse:
    question = parsed.question
    assert question is not None
    field_id = f"id_{question}"
    brands = {slug: op.name for slug, op in operators.items()} if question in flow.OPERATOR_QUESTIONS else {}
    values = [*brands, *flow.QUESTIONS[question]]
    choices = [
        Choice(
            value,
            input_id=field_id if index == 0 else f"{field_id}-{index + 1}",
            wording=None if value in brands else texts[flow.answer_key(question, value)],
            name=brands.get(value, ""),
            divider_before=value == flow.DONT_KNOW and index > 1,
        )
        for index, value in enumerate(values)
    ]
    error = str(PROBLEM_MESSAGES[parsed.problem]) if parsed.problem else None
    title = localized(texts[flow.question_key(question)], "text").text
    form = QuestionForm(
        question=question,
        wording=texts[flow.question_key(question)],
        choices=choices,
        earlier=parsed.answers,
        selected=engine.preselected(question=question, query=query, operators=list(operators)),
        error=error,
        action=request.path,
    )
    context |= {
        "form": form,
        "page_title": gettext("Error: %(title)s") % {"title": title} if error else title,
        "field_id": field_id,
        "error": error,
    }
    return render(request, "decide/question.html", context, status=400 if error else 200)


def result_page(
    request: HttpRequest,
    *,
    page: engine.Page,
    operators: Mapping[str, Operator],
    texts: Mapping[str, DecisionText],
    context: dict,
) -> HttpResponse:
    result, answers = page.result, page.answers
    assert result is not None
    chosen = answers.get(result.operator_question, flow.DONT_KNOW)
    shown = list(operators.values()) if chosen == flow.DONT_KNOW else [operators[chosen]]
    prefetch_related_objects(shown, "contacts__sources")
    procedures = (
        Procedure.objects.published()
        .filter(operator__in=shown, kind__in=result.procedure_kinds)
        .select_related("operator")
        .order_by("order", "pk")
        if result.procedure_kinds
        else Procedure.objects.none()
    )
    by_operator: dict[int, list[Procedure]] = {operator.pk: [] for operator in shown}
    for procedure in sorted(procedures, key=lambda p: (result.procedure_kinds.index(p.kind), p.channel)):
        by_operator[procedure.operator_id].append(procedure)
    outcome = texts[flow.outcome_key(result.outcome)]
    context |= {
        "outcome": outcome,
        "page_title": localized(outcome, "text").text,
        "canonical_query": page.canonical_query,
        "reasons": [texts[key] for key in page.reasons],
        "notes": [texts[flow.note_key(note)] for note in result.notes],
        "has_kinds": bool(result.procedure_kinds),
        "operator_links": [OperatorLinks(operator, by_operator[operator.pk]) for operator in shown],
        "new_operator": result.operator_question == flow.NEW_OPERATOR,
    }
    return render(request, "decide/result.html", context)
