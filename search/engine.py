"""Answering a query: analyse it in every language, score pages with the index, put the
pages of an operator the reader names first, group one answer across operators, offer
the decision questions for a situation, and quote an excerpt with the matched words.

A query in any of the four languages finds pages in all of them (a Kazakh reader typing
Russian, a Chinese reader pasting Russian words): each language's analyser reads the
query and is matched against that language's texts, the reader's own language counting
most; results are always shown in the reader's language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.utils import translation

from config import languages
from editorial import glossary
from editorial.text import LocalizedText
from guides.models import Procedure
from search import best_bets, documents, excerpts, keys
from search.analysis import analyse, fold, folded, is_cjk, latin, split_words, synonyms
from search.analysis.kk import plain_letters
from search.index import TYPO_WEIGHT, Index
from serving import results

MAX_QUERY_LENGTH = 200  # characters kept from what the visitor typed
MAX_WORDS = 24  # a pasted paragraph is cut here
MAX_RESULTS = 20

# A page scores as its best language reads the query: the reader's own fully, another a
# little less.
OTHER_LANGUAGE = 0.85
# Naming an operator puts its pages first and others' procedures behind.
NAMED_OPERATOR_BOOST = 2.5
OTHER_OPERATOR_PENALTY = 0.4
UNNAMED_OPERATOR_PAGE = 0.5
# Junk stays junk: a page needs this much evidence, and a result at least this share of
# the best one's score.
MIN_SCORE = 0.2
RELATIVE_CUT = 0.2
# The decision questions are offered when the situation they start with scores this
# close to the best page.
DECISION_SHARE = 0.33
# A word found through a synonym or the termbase counts a little less than the word itself.
SYNONYM_WEIGHT = 0.8

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCRIPT = {"latin": re.compile(r"[a-z]"), "cyrillic": re.compile(r"[а-яәғқңөұүһі]")}
_SCRIPT_LANGUAGES = {"latin": ("en",), "cyrillic": ("ru", "kk")}


def clean_query(raw: str) -> str:
    """What we search for: no control characters, trimmed, bounded."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class OperatorLink:
    name: str
    url: str


@dataclass(frozen=True)
class Result:
    kind: str  # procedure | faq | operator | answer (one procedure at several operators)
    url: str
    title: LocalizedText
    context: str  # the operator's name, the FAQ category
    excerpt: excerpts.Excerpt | None
    keys: tuple[str, ...]  # the pages it stands for: "procedure:kcell/cancel-in-person", ...
    operators: tuple[OperatorLink, ...] = ()  # for an answer: its page at each operator
    pinned: bool = False


@dataclass(frozen=True)
class Answer:
    query: str
    results: tuple[Result, ...]
    offer_decision: bool = False
    decision_url: str = ""
    named_operators: tuple[str, ...] = ()


def current_index() -> Index:
    """The index of the current content version, built once per process."""
    return results.memo(name="search-index", key="all", produce=lambda: Index(documents.pages()))


def search(query: str, *, code: str) -> Answer:
    """The answer to `query` typed on the `code` site, editors' best bets first."""
    query = clean_query(query)
    if not query:
        return Answer(query, ())
    pinned = best_bets.pinned(query, code=code)
    index = current_index()
    words = " ".join(query.split()[:MAX_WORDS])
    tokens = _query_tokens(index, words, code)
    scores = _combined_scores(index, tokens, code)
    named = _named_operators(index, tokens)
    if len(named) > 1:
        # "from Beeline to Kcell": porting is asked for at the new operator, so the one
        # being left steps back (a Kazakh ablative, "от", "from", 从 before its name).
        named -= _operators_left(index, words, named)
    for number in scores:
        page = index.pages[number]
        if page.operator in named:
            scores[number] *= NAMED_OPERATOR_BOOST
        elif named and page.kind in ("procedure", "operator"):
            scores[number] *= OTHER_OPERATOR_PENALTY
        elif page.kind == "operator":
            # An operator's page lists its procedures; it answers a query that names it.
            scores[number] *= UNNAMED_OPERATOR_PAGE

    decision = index.by_key.get(keys.DECISION)
    decision_score = scores.pop(decision, 0.0) if decision is not None else 0.0
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    best = ranked[0][1] if ranked else 0.0
    floor = max(MIN_SCORE, best * RELATIVE_CUT)
    numbers = [number for number, score in ranked if score >= floor]
    pinned_numbers = [index.by_key[key] for key in pinned if key in index.by_key]
    numbers = pinned_numbers + [number for number in numbers if number not in pinned_numbers]

    names = frozenset(
        token
        for operator in named
        for said in index.operator_names[operator].values()
        for name in said
        for token in name
    )
    results = _results(index, numbers, code=code, named=named, pinned=set(pinned_numbers), marked=tokens, names=names)
    offer = decision_score >= MIN_SCORE and decision_score >= best * DECISION_SHARE
    return Answer(
        query,
        tuple(results[:MAX_RESULTS]),
        offer_decision=offer,
        decision_url=index.pages[decision].urls[code] if decision is not None else "",
        named_operators=tuple(sorted(named)),
    )


def _query_tokens(index: Index, query: str, code: str) -> dict[str, dict[str, float]]:
    """For each language, the query's tokens as that language reads them (token → weight),
    with the termbase's terms for its variants and the guide's words for typos."""
    per_language: dict[str, dict[str, float]] = {}
    known_spans: set[tuple[int, int]] = set()
    analysed = {language: analyse(query, language) for language in languages.CODES}
    for language, found in analysed.items():
        postings = index.languages[language].postings
        known_spans.update((token.start, token.end) for token in found if token.text in postings)
    for language, found in analysed.items():
        weights: dict[str, float] = {}
        language_index = index.languages[language]
        for token in found:
            weights[token.text] = max(weights.get(token.text, 0.0), token.weight)
            if (token.start, token.end) in known_spans or language not in _languages_of_script(token.text):
                continue
            for near in language_index.nearest(token.text):
                weights[near] = max(weights.get(near, 0.0), token.weight * TYPO_WEIGHT)
        # A variant of the termbase a reader types (баланс, 卡托) also finds the term, and
        # an everyday word (симка, 销号, get rid of) the guide's word for it.
        everyday = synonyms(language)
        for word in fold(query).split():
            for term in _everyday_words(word, everyday):
                for token in analyse(term, language):
                    weights[token.text] = max(weights.get(token.text, 0.0), token.weight * SYNONYM_WEIGHT)
            # The termbase gives the stem a text holds ("переоформ"): every word it begins.
            for stem in glossary.synonyms(word, code=language):
                for token in analyse(stem, language):
                    prefixed = () if is_cjk(token.text) else language_index.starting_with(token.text)
                    for found in {token.text, *prefixed}:
                        weights[found] = max(weights.get(found, 0.0), token.weight * SYNONYM_WEIGHT)
        per_language[language] = weights
    # Names of services and codes typed in Cyrillic ("егов", "имей") as pages write them.
    for token in analysed["ru"]:
        if _SCRIPT["cyrillic"].search(token.text):
            for found in analyse(latin(fold(query[token.start : token.end])), "en"):
                if found.text in index.languages["en"].postings:
                    per_language["en"].setdefault(found.text, found.weight * SYNONYM_WEIGHT)
    return per_language


def _everyday_words(word: str, table: dict[str, str]) -> list[str]:
    """The guide's words for `word`, a whole word or, in Chinese, any part of a run."""
    if word in table:
        return [table[word]]
    return [target for said, target in table.items() if is_cjk(said) and said in word]


def _languages_of_script(token: str) -> tuple[str, ...]:
    for script, pattern in _SCRIPT.items():
        if pattern.search(token):
            return _SCRIPT_LANGUAGES[script]
    return ()


def _combined_scores(index: Index, tokens: dict[str, dict[str, float]], code: str) -> dict[int, float]:
    combined: dict[int, float] = {}
    for language, found in tokens.items():
        share = 1.0 if language == code else OTHER_LANGUAGE
        for number, score in index.score(found, language).items():
            combined[number] = max(combined.get(number, 0.0), score * share)
    return combined


def _named_operators(index: Index, tokens: dict[str, dict[str, float]]) -> set[str]:
    """Operators the query names, by any of their names, in any script, or one typo off."""
    named = set()
    for operator, names in index.operator_names.items():
        for language, found in tokens.items():
            exact = {token for token, weight in found.items() if weight >= 0.5 or language == "zh-hans"}
            if any(name and set(name) <= exact for name in names[language]):
                named.add(operator)
                break
    return named


_FROM_WORDS = frozenset(("from", "от", "из", "с", "со"))
_FROM_CHARACTER = "从"
_ABLATIVE = ("нан", "нен", "дан", "ден", "тан", "тен")  # as readers type it, plain letters


def _operators_left(index: Index, query: str, named: set[str]) -> set[str]:
    """Of the operators a query names, those it says the reader is leaving."""
    left = set()
    words = folded(split_words(query))
    for position, word in enumerate(words):
        before = words[position - 1].text if position else ""
        marked = before in _FROM_WORDS or before.endswith(_FROM_CHARACTER)
        ablative = plain_letters(word.text).endswith(_ABLATIVE)
        if not (marked or ablative):
            continue
        said = {language: {token.text for token in analyse(word.text, language)} for language in languages.CODES}
        for operator in named:
            names = index.operator_names[operator]
            if any(name and set(name) <= said[language] for language in said for name in names[language]):
                left.add(operator)
    return left if left != named else set()


def _results(
    index: Index, numbers: list[int], *, code: str, named: set[str], pinned: set[int], marked, names: frozenset[str]
) -> list[Result]:
    results: list[Result] = []
    grouped: set[str] = set()  # procedure kinds already shown as one answer
    for number in numbers:
        page = index.pages[number]
        kind = page.procedure_kind
        groupable = kind in index.kinds_at_several_operators and page.operator not in named and number not in pinned
        if not groupable:
            results.append(_page_result(page, code, marked, names, pinned=number in pinned))
        elif kind not in grouped:
            grouped.add(kind)
            results.append(_answer_result(index, page, index.procedures_of_kind[kind], code, marked, names))
    return results


def _page_result(page: documents.Page, code: str, marked, names: frozenset[str], *, pinned: bool = False) -> Result:
    context = page.context.get(code, "") or (page.operator_name if page.kind == "procedure" else "")
    return Result(
        kind=page.kind,
        url=page.urls[code],
        title=page.titles[code],
        context=context,
        excerpt=excerpts.excerpt(page.quotable[code], code, marked, names=names),
        keys=(page.key,),
        pinned=pinned,
    )


def _answer_result(
    index: Index, best: documents.Page, members: list[int], code: str, marked, names: frozenset[str]
) -> Result:
    pages = [index.pages[number] for number in members]  # in the operators' order
    per_operator = Counter(page.operator for page in pages)
    with translation.override(code):
        label = str(Procedure.Kind(best.procedure_kind).label)
        # An operator with two ways to do it (in person, online) names each.
        link_names = [
            f"{page.operator_name} ({Procedure.Channel(page.channel).label})"
            if per_operator[page.operator] > 1
            else page.operator_name
            for page in pages
        ]
    return Result(
        kind="answer",
        url=best.urls[code],
        title=LocalizedText(label, code, code),
        context="",
        excerpt=excerpts.excerpt(best.quotable[code], code, marked, names=names),
        keys=tuple(page.key for page in pages),
        operators=tuple(OperatorLink(name, page.urls[code]) for name, page in zip(link_names, pages, strict=True)),
    )
