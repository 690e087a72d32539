"""The search evaluation: questions as readers type them (questions.yaml), each with the
pages that answer it, and the figures — success@3 (an accepted page among the first
three) and MRR (the mean of 1/rank of the first accepted page) — per language, for the
questions used while tuning and for the quarter held out.

`python bench/search_quality.py` prints the figures; tests/search/test_evaluation.py
keeps success@3 at or above TARGET in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from search import keys

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
TARGET = 0.90
DECIDE = keys.DECISION


@dataclass(frozen=True)
class Question:
    lang: str
    q: str
    answers: tuple[str, ...]
    held_out: bool


@dataclass(frozen=True)
class Figures:
    questions: int
    success_at_3: float
    mrr: float
    misses: tuple[Question, ...]


def questions(path: Path = QUESTIONS_FILE) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(item["lang"], item["q"], tuple(item["answers"]), bool(item.get("held_out", False))) for item in raw
    ]


def accepted_ids(page_keys: Sequence[str], kinds: dict[str, str]) -> set[str]:
    """The answer ids a result stands for: its pages, and the kind of each procedure
    ("procedure:kcell/cancel-in-person" is proc:kcell/cancel-in-person and kind:cancel)."""
    ids = set()
    for key in page_keys:
        if key.startswith("procedure:"):
            ids.add("proc:" + key.removeprefix("procedure:"))
            ids.add("kind:" + kinds[key])
        else:
            ids.add(key)
    return ids


def rank_of_answer(ranked: Sequence[set[str]], answers: Sequence[str]) -> int | None:
    for rank, ids in enumerate(ranked, start=1):
        if ids.intersection(answers):
            return rank
    return None


def measure(items: Sequence[Question], ranked_ids: Callable[[Question], list[set[str]]]) -> Figures:
    hits, reciprocal, misses = 0, 0.0, []
    for question in items:
        rank = rank_of_answer(ranked_ids(question), question.answers)
        if rank is not None and rank <= 3:
            hits += 1
        else:
            misses.append(question)
        reciprocal += 1 / rank if rank else 0.0
    count = len(items) or 1
    return Figures(len(items), hits / count, reciprocal / count, tuple(misses))


def engine_ranking(question: Question) -> list[set[str]]:
    """What the site shows for a question, as the answer ids each result stands for. The
    offer of the decision questions is a box above the results, not one of them: it
    answers at rank 1 a question that lists `decide`, and takes no result's place."""
    from search import engine

    answer = engine.search(question.q, code=question.lang)
    kinds = {page.key: page.procedure_kind for page in engine.current_index().pages}
    ranked = [accepted_ids(result.keys, kinds) for result in answer.results]
    if answer.offer_decision:
        ranked = [{DECIDE, *ranked[0]} if ranked else {DECIDE}, *ranked[1:]]
    return ranked
