"""Walking the decision flow (decide/flow.py) with a visitor's answers: parsing the query
string, the outcome and its reasons, the summary with change links, the back link, and
every path (for the diagram and the tests). Pure functions, no Django.

The rules for a query string are in decide/flow.py's docstring.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from decide.flow import (
    ASKED,
    DONT_KNOW,
    MAX_VALUE_LENGTH,
    NEW_OPERATOR,
    NOTE_RULES,
    OPERATOR,
    OPERATOR_QUESTIONS,
    PREVIOUS,
    QUESTIONS,
    ROOT,
    Ask,
    Done,
    Node,
    Problem,
    answer_key,
    note_key,
    outcome_key,
    question_key,
)

# -- Walking the flow ------------------------------------------------------------------------


def allowed_answers(question: str, *, operators: Sequence[str]) -> tuple[str, ...]:
    """The values a visitor may give to `question`; operators are active operator slugs."""
    if question in OPERATOR_QUESTIONS:
        return (*operators, DONT_KNOW)
    return QUESTIONS[question]


def _follow(answers: Mapping[str, str]) -> tuple[Node, list[str]]:
    """Walk from the root using `answers`: the node reached and the questions used, in order."""
    node: Node = ROOT
    used: list[str] = []
    while isinstance(node, Ask) and node.question in answers:
        used.append(node.question)
        node = node.after(answers[node.question])
    return node, used


def first_unanswered(*, answers: Mapping[str, str]) -> str | None:
    """The first question on the path these answers take that has no answer yet; None
    when the path is complete. Raises InvalidAnswers for an answer a question doesn't have."""
    node, _used = _follow(answers)
    return node.question if isinstance(node, Ask) else None


@dataclass(frozen=True)
class Result:
    outcome: str
    procedure_kinds: tuple[str, ...]
    notes: tuple[str, ...]
    operator_question: str  # whose answer says which operator's procedures to show


def outcome_for(*, answers: Mapping[str, str]) -> Result | None:
    """The outcome of a complete path, or None while a question is still unanswered.

    Answers to questions the path does not ask are ignored; an answer a question does
    not have raises InvalidAnswers (operator slugs are checked by `parse_query`).
    """
    node, used = _follow(answers)
    if isinstance(node, Ask):
        return None
    return _result(node, {question: answers[question] for question in used})


def _result(done: Done, on_path: Mapping[str, str]) -> Result:
    notes = tuple(rule.note for rule in NOTE_RULES if rule.applies(answers=on_path, outcome=done.outcome))
    operator_question = NEW_OPERATOR if NEW_OPERATOR in on_path else OPERATOR
    return Result(done.outcome, done.procedure_kinds, notes, operator_question)


def why(*, answers: Mapping[str, str]) -> list[str]:
    """Answer keys, in order, that led to the outcome: every answer on the path except
    which operator (that chooses the links, not the advice)."""
    _node, used = _follow(answers)
    return _reasons(answers, used)


def _reasons(answers: Mapping[str, str], used: Sequence[str]) -> list[str]:
    return [answer_key(q, answers[q]) for q in used if q not in OPERATOR_QUESTIONS]


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    change_query: str  # the answers before this question: the page that asks it again


def query_string(answers: Mapping[str, str]) -> str:
    """The canonical query string of a path prefix (answers in the order asked)."""
    _node, used = _follow(answers)
    return _canonical(answers, used)


def _canonical(answers: Mapping[str, str], used: Sequence[str]) -> str:
    return urlencode([(q, answers[q]) for q in used])


def _ask_again(answers: Mapping[str, str], used: Sequence[str], index: int) -> str:
    """The query that asks `used[index]` again, with its current answer ticked."""
    earlier = [(q, answers[q]) for q in used[:index]]
    return urlencode([*earlier, (PREVIOUS, answers[used[index]])])


def summary(*, answers: Mapping[str, str]) -> list[SummaryRow]:
    """“Your answers”: each answered question with the query that asks it again.

    Changing an answer drops the answers after it, because the path may change.
    """
    _node, used = _follow(answers)
    return _summary(answers, used)


def _summary(answers: Mapping[str, str], used: Sequence[str]) -> list[SummaryRow]:
    return [SummaryRow(q, answers[q], _ask_again(answers, used, index)) for index, q in enumerate(used)]


def back_query(*, answers: Mapping[str, str]) -> str | None:
    """The query of the previous page (the last answer dropped); None on the first question."""
    _node, used = _follow(answers)
    return _back(answers, used)


def _back(answers: Mapping[str, str], used: Sequence[str]) -> str | None:
    return _ask_again(answers, used, len(used) - 1) if used else None


def preselected(*, question: str, query: Mapping[str, Sequence[str]], operators: Sequence[str]) -> str | None:
    """The answer a back or change link asks to tick on `question`'s page, if it is valid."""
    values = list(query.get(PREVIOUS) or ())
    if len(values) == 1 and values[0] in allowed_answers(question, operators=operators):
        return values[0]
    return None


@dataclass(frozen=True)
class Parsed:
    answers: dict[str, str]  # valid answers, in the order asked
    question: str | None  # the question to show, or None when there is a result
    result: Result | None
    problem: Problem | None = None
    is_canonical: bool = True  # False: the query holds more than the answers (and markers)


def parse_query(*, query: Mapping[str, Sequence[str]], operators: Collection[str]) -> Parsed:
    """Visitor input (parameter name → every value given) → the valid path prefix and what
    to show next. Never raises for any input; see the module docstring for the rules."""
    answers: dict[str, str] = {}
    node: Node = ROOT
    operator_slugs = tuple(operators)
    while isinstance(node, Ask):
        question = node.question
        values = list(query.get(question) or ())
        if not values:
            break
        if len(values) > 1:
            return Parsed(answers, question, None, Problem.DUPLICATE)
        value = values[0]
        if value == "":
            return Parsed(answers, question, None, Problem.MISSING)
        if len(value) > MAX_VALUE_LENGTH or value not in allowed_answers(question, operators=operator_slugs):
            return Parsed(answers, question, None, Problem.INVALID)
        answers[question] = value
        node = node.after(value)

    if isinstance(node, Done):
        extra = set(query) - set(answers)
        return Parsed(answers, None, _result(node, answers), None, is_canonical=not extra)
    if any(name in QUESTIONS and name not in answers for name in query):
        return Parsed(answers, node.question, None, Problem.OUT_OF_ORDER)
    if node.question in (query.get(ASKED) or ()):
        return Parsed(answers, node.question, None, Problem.MISSING)
    extra = set(query) - set(answers) - {ASKED, PREVIOUS}
    return Parsed(answers, node.question, None, is_canonical=not extra)


def page_keys(parsed: Parsed) -> set[str]:
    """The wording a page shows: its question and answers or its outcome and notes, and the
    questions and answers of the "your answers" summary."""
    answers = parsed.answers
    # Operators' names are not wording: only their "don't know" is.
    keys = {question_key(q) for q in answers} | {answer_key(q, a) for q, a in answers.items() if a in QUESTIONS[q]}
    if parsed.result is not None:
        return keys | {outcome_key(parsed.result.outcome)} | {note_key(note) for note in parsed.result.notes}
    if parsed.question is not None:
        question = parsed.question
        keys |= {question_key(question)} | {answer_key(question, answer) for answer in QUESTIONS[question]}
    return keys


@dataclass(frozen=True)
class Page:
    """Everything one decision page needs, from a single walk of the flow: the view asks
    `present()` once per request."""

    parsed: Parsed
    canonical_query: str  # the answers in the order asked: the page's one URL
    summary: tuple[SummaryRow, ...]  # "your answers", with change links
    back_query: str | None  # the previous page; None on the first question
    wording_keys: frozenset[str]  # every DecisionText the page shows
    reasons: tuple[str, ...]  # a result's "why" list (answer keys); empty on a question

    @property
    def answers(self) -> dict[str, str]:
        return self.parsed.answers

    @property
    def result(self) -> Result | None:
        return self.parsed.result


def present(*, query: Mapping[str, Sequence[str]], operators: Collection[str]) -> Page:
    """The page a query string asks for (see parse_query for the rules)."""
    parsed = parse_query(query=query, operators=operators)
    answers = parsed.answers
    used = list(answers)  # parse_query keeps the answers in the order the path asks them
    return Page(
        parsed=parsed,
        canonical_query=_canonical(answers, used),
        summary=tuple(_summary(answers, used)),
        back_query=_back(answers, used),
        wording_keys=frozenset(page_keys(parsed)),
        reasons=tuple(_reasons(answers, used)) if parsed.result else (),
    )


# -- For the diagram and the tests -----------------------------------------------------------


def paths(*, operators: Sequence[str], answers: Mapping[str, str] | None = None) -> Iterator[dict[str, str]]:
    """Every complete set of answers the routing can see, found by asking the routing
    itself (`first_unanswered`) which question comes next."""
    answers = dict(answers or {})
    question = first_unanswered(answers=answers)
    if question is None:
        yield answers
        return
    for answer in allowed_answers(question, operators=operators):
        yield from paths(operators=operators, answers={**answers, question: answer})


def walk_tree(node: Node = ROOT) -> Iterator[tuple[Ask, str | None, Node]]:
    """Every edge of the flow once: (question node, answer or None for "any operator", next)."""
    seen: set[int] = set()
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, Ask) or id(current) in seen:
            continue
        seen.add(id(current))
        edges: list[tuple[str | None, Node]] = list(current.branches.items())
        if current.otherwise is not None:
            edges.append((None, current.otherwise))
        for answer, after in edges:
            yield current, answer, after
            stack.append(after)
