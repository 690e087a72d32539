"""Search across operators, procedures (with their steps) and FAQ in one language.

Matching happens in Python on text read in a fixed number of queries, so it folds case
for every script (SQLite's LIKE folds only ASCII), treats Chinese without spaces, and
gives the same results on SQLite and PostgreSQL. The guide holds hundreds of texts, not
millions; when that changes, this is the module to swap for a full-text index.

A word the termbase (content/glossary.yaml) lists as a variant of a term also finds the
term: a Kazakh reader's "баланс" finds texts that say "теңгерім", "卡托" finds "卡板". Each
word of the query is compared on its own, so a variant of two words ("қайта рәсімдеу") is
not recognised as one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from editorial import cache, glossary
from editorial.text import LocalizedText, localized
from faq.models import Entry
from guides.models import Procedure
from operators.models import Operator

MAX_QUERY_LENGTH = 200  # characters kept from what the visitor typed
MAX_TERMS = 8
MAX_RESULTS = 50

# How much a match in each part of a text counts.
WEIGHTS = {"title": 10, "keywords": 6, "summary": 3, "body": 1}
KIND_ORDER = {"procedure": 0, "faq": 1, "operator": 2}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPLIT = re.compile(r"[\s,;，、；。!?！？\"'«»“”()]+")


def normalise(text: str) -> str:
    """Fold case and compatibility forms; ё and е are one letter to searchers."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return folded.replace("ё", "е")


def clean_query(raw: str) -> str:
    """What we search for: no control characters, trimmed, bounded."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def terms_of(query: str) -> list[str]:
    seen: list[str] = []
    for term in _SPLIT.split(normalise(query)):
        if term and term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


@dataclass(frozen=True)
class Result:
    kind: str  # procedure | faq | operator
    url: str
    title: LocalizedText
    snippet: LocalizedText
    context: str  # e.g. the operator's name
    score: int


@dataclass(frozen=True)
class _Candidate:
    kind: str
    url: str
    title: LocalizedText
    snippet: LocalizedText
    context: str
    parts: dict[str, str]  # normalised text per weight key


def _corpus_for(code: str) -> list[_Candidate]:
    # The normalised texts of the current content version, kept per process and language.
    return cache.memo(name="search-texts", key=code, produce=lambda: list(_candidates(code)))


def _candidates(code: str) -> Iterable[_Candidate]:
    operators = list(Operator.objects.active())
    for operator in operators:
        yield _Candidate(
            "operator",
            operator.get_absolute_url(),
            LocalizedText(operator.name, code, code),
            localized(operator, "summary", code),
            "",
            {
                "title": normalise(operator.name + " " + operator.slug),
                "keywords": normalise(localized(operator, "search_keywords", code).text),
                "summary": normalise(localized(operator, "summary", code).text),
            },
        )
    procedures = (
        Procedure.objects.published().filter(operator__active=True).select_related("operator").prefetch_related("steps")
    )
    for procedure in procedures:
        steps = " ".join(
            f"{localized(step, 'title', code).text} {localized(step, 'body', code).text}"
            for step in procedure.steps.all()
        )
        yield _Candidate(
            "procedure",
            procedure.get_absolute_url(),
            localized(procedure, "title", code),
            localized(procedure, "summary", code),
            procedure.operator.name,
            {
                "title": normalise(localized(procedure, "title", code).text + " " + procedure.operator.name),
                "keywords": normalise(localized(procedure, "search_keywords", code).text),
                "summary": normalise(localized(procedure, "summary", code).text),
                "body": normalise(steps),
            },
        )
    for entry in Entry.objects.published().select_related("category"):
        yield _Candidate(
            "faq",
            entry.get_absolute_url(),
            localized(entry, "question", code),
            localized(entry, "answer", code),
            localized(entry.category, "name", code).text,
            {
                "title": normalise(localized(entry, "question", code).text),
                "keywords": normalise(localized(entry, "search_keywords", code).text),
                "body": normalise(localized(entry, "answer", code).text),
            },
        )


def search(query: str, *, code: str) -> list[Result]:
    """Results where every term appears somewhere, best first."""
    terms = terms_of(clean_query(query))
    if not terms:
        return []
    # A variant of the termbase a reader types (баланс, 卡托) also finds the term (теңгерім, 卡板).
    alternatives = [(term, *(normalise(synonym) for synonym in glossary.synonyms(term, code=code))) for term in terms]
    results = []
    for candidate in _corpus_for(code):
        score = 0
        for words in alternatives:
            term_score = sum(
                WEIGHTS[part] for part, text in candidate.parts.items() if any(word in text for word in words)
            )
            if not term_score:
                break
            score += term_score
        else:
            results.append(
                Result(
                    candidate.kind,
                    candidate.url,
                    candidate.title,
                    candidate.snippet,
                    candidate.context,
                    score,
                )
            )
    results.sort(key=lambda r: (-r.score, KIND_ORDER[r.kind], normalise(r.title.text)))
    return results[:MAX_RESULTS]
