"""What search can find: one `Page` per operator, published procedure and FAQ entry, and
one for the "should I suspend or cancel?" questions — each with its texts in all four
languages, read in a fixed number of queries."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from config import languages
from decide import flow, wording
from editorial.text import LocalizedText, localized, render_markdown
from faq.models import Entry
from guides.models import Procedure
from operators.models import Operator
from search import keys
from search.excerpts import Quotable, quotable

# The parts of a page a match can be in (weights: search.index).
TITLE, KEYWORDS, OPERATOR, SUMMARY, BODY = "title", "keywords", "operator", "summary", "body"


@dataclass
class Page:
    key: str  # "procedure:kcell/cancel-in-person", "faq:<slug>", "operator:<slug>", "decide"
    kind: str  # procedure | faq | operator | decide
    urls: dict[str, str]  # per language
    titles: dict[str, LocalizedText]
    # language → part → text; the excerpt is taken from summary and body
    texts: dict[str, dict[str, str]]
    operator: str = ""  # the operator's slug, for a procedure, an operator or an entry about one
    operator_name: str = ""
    operator_names: tuple[str, ...] = ()  # for an operator: every name readers know it by
    operator_order: int = 0
    procedure_kind: str = ""  # for procedures: their kind, which groups one answer across operators
    channel: str = ""  # for procedures: in person, online, by phone
    context: dict[str, str] = field(default_factory=dict)  # a caption per language (the FAQ category)
    # What an excerpt quotes, per language (search.excerpts).
    quotable: dict[str, Quotable] = field(default_factory=dict)


def plain_text(markdown: str) -> str:
    """Markdown as the reader sees it, without markup: what an excerpt quotes."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def _per_language(url_of) -> dict[str, str]:
    urls = {}
    for code in languages.CODES:
        with translation.override(code):
            urls[code] = url_of()
    return urls


def _text(instance, name: str, code: str) -> str:
    return localized(instance, name, code).text


def _operator_body(operator: Operator, code: str) -> str:
    """What the operator's page says of it: its contacts (the kind of each, as the page
    labels it, and its note), opening hours, USSD codes."""
    with translation.override(code):
        said = [str(_("Contacts")), str(_("Opening hours")), str(_("USSD codes")), str(_("Website"))]
        for contact in operator.contacts.all():
            said += [contact.get_kind_display(), contact.value, _text(contact, "note", code)]
    said += [_text(operator, name, code) for name in ("hours_note", "contacts_note", "ussd_codes")]
    return " ".join(said)


def _operator_text(operator: Operator) -> str:
    return ", ".join(operator.names)


def pages() -> Iterator[Page]:
    operators = {operator.pk: operator for operator in Operator.objects.active().prefetch_related("contacts")}
    for operator in operators.values():
        yield Page(
            key=keys.operator(operator.slug),
            kind="operator",
            urls=_per_language(operator.get_absolute_url),
            titles={code: LocalizedText(operator.name, code, code) for code in languages.CODES},
            texts={
                code: {
                    TITLE: operator.name,
                    OPERATOR: _operator_text(operator),
                    KEYWORDS: _text(operator, "search_keywords", code),
                    SUMMARY: _text(operator, "summary", code),
                    BODY: _operator_body(operator, code),
                }
                for code in languages.CODES
            },
            operator=operator.slug,
            operator_name=operator.name,
            operator_names=operator.names,
            operator_order=operator.order,
            quotable={code: quotable(localized(operator, "summary", code)) for code in languages.CODES},
        )
    procedures = (
        Procedure.objects.published()
        .filter(operator__in=list(operators))
        .prefetch_related("steps", "required_documents__document")
    )
    for procedure in procedures:
        operator = operators[procedure.operator_id]
        procedure.operator = operator
        texts = {code: _procedure_texts(procedure, operator, code) for code in languages.CODES}
        yield Page(
            key=keys.procedure(operator.slug, procedure.slug),
            kind="procedure",
            urls=_per_language(procedure.get_absolute_url),
            titles={code: localized(procedure, "title", code) for code in languages.CODES},
            texts=texts,
            operator=operator.slug,
            operator_name=operator.name,
            operator_order=operator.order,
            procedure_kind=procedure.kind,
            channel=procedure.channel,
            quotable={code: _quotable(procedure, "summary", code, texts[code][BODY]) for code in languages.CODES},
        )
    entries = Entry.objects.published().select_related("category")
    for entry in entries:
        operator = operators.get(entry.operator_id)
        yield Page(
            key=keys.faq(entry.slug),
            kind="faq",
            urls=_per_language(entry.get_absolute_url),
            titles={code: localized(entry, "question", code) for code in languages.CODES},
            texts={
                code: {
                    TITLE: _text(entry, "question", code),
                    KEYWORDS: _text(entry, "search_keywords", code),
                    OPERATOR: _operator_text(operator) if operator else "",
                    BODY: plain_text(_text(entry, "answer", code)),
                }
                for code in languages.CODES
            },
            operator=operator.slug if operator else "",
            operator_name=operator.name if operator else "",
            context={code: _text(entry.category, "name", code) for code in languages.CODES},
            quotable={code: _quotable(entry, "answer", code) for code in languages.CODES},
        )
    yield _decision_page()


def _quotable(instance, name: str, code: str, more: str = "") -> Quotable:
    text = localized(instance, name, code)
    return quotable(LocalizedText(f"{plain_text(text.text)} {more}".strip(), text.lang, code))


def _procedure_texts(procedure: Procedure, operator: Operator, code: str) -> dict[str, str]:
    steps = " ".join(
        f"{_text(step, 'title', code)}. {plain_text(_text(step, 'body', code))}" for step in procedure.steps.all()
    )
    documents = ", ".join(
        _text(requirement.document, "name", code) for requirement in procedure.required_documents.all()
    )
    notes = " ".join(_text(procedure, name, code) for name in ("eligibility", "duration_note", "cost_note"))
    return {
        TITLE: _text(procedure, "title", code),
        KEYWORDS: _text(procedure, "search_keywords", code),
        OPERATOR: _operator_text(operator),
        SUMMARY: _text(procedure, "summary", code),
        BODY: f"{steps} {notes} {documents}",
    }


def _decision_page() -> Page:
    """The first question of the decision flow and its answers: the situations readers
    describe ("I lost my phone", "I am leaving for good")."""
    first = flow.ROOT
    node_keys = [
        flow.question_key(first.question),
        *(flow.answer_key(first.question, answer) for answer in first.branches),
    ]
    said_by = wording.wording(node_keys)
    texts = {}
    for code in languages.CODES:
        question, *answers = (said_by[key] for key in node_keys)
        texts[code] = {
            TITLE: _text(question, "text", code),
            # The situations, as the answers name them, weigh like keywords; why each
            # matters is the body.
            KEYWORDS: ". ".join(_text(answer, "text", code) for answer in answers),
            BODY: " ".join(_text(answer, "reason", code) for answer in answers),
        }
    return Page(
        key=keys.DECISION,
        kind="decide",
        urls=_per_language(lambda: reverse("decide:start")),
        titles={code: LocalizedText(texts[code][TITLE], code, code) for code in languages.CODES},
        texts=texts,
    )
