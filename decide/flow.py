"""“Should I suspend or cancel?”: the decision flow as plain data and pure functions.

Routing lives here; wording lives in the database (`DecisionText`, one row per node key
below). Nothing in this module touches Django, requests or the database, so every path
can be enumerated in tests (tests/guides/test_decision.py).

How a visitor's answers travel: one query-string parameter per question, named by the
question's id (`?situation=lost&location=abroad&registered=yes&operator=kcell`). Answers
only count as a prefix of a path through the flow; `parse_query` walks the flow from the
first question and stops at the first question without a valid answer:

- no answer, and nothing else about questions in the query  → ask it, no error;
- no answer, but the form for it was just submitted (``asked=<question>``) or the value
  is empty                                                  → ask it, error MISSING;
- a value that is not one of its answers (or is too long)   → ask it, error INVALID;
- the parameter given more than once                        → ask it, error DUPLICATE;
- no answer, but answers to other questions are present     → ask it, error OUT_OF_ORDER
  (a skipped question, or answers out of order: the later answers are dropped);
- otherwise, when the query holds anything else — answers to questions this path never
  asks, tracking parameters added by messengers, or on a result the ``asked`` and
  ``previous`` markers of the question pages — `Parsed.is_canonical` is False and the view
  redirects to the clean URL of the same page. Those parameters can't change a result, and
  one URL per page keeps shared links tidy and the page cache small.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

# The hidden field of each question page: which question the submitted form was for,
# so "Continue" without a choice is an error, not a fresh page.
ASKED = "asked"
# Back and change links say which answer to tick again on the page they lead to.
PREVIOUS = "previous"
# No answer id or operator slug is this long; anything longer is tampering.
MAX_VALUE_LENGTH = 80
DONT_KNOW = "dont_know"


class Problem(StrEnum):
    MISSING = "missing"
    INVALID = "invalid"
    DUPLICATE = "duplicate"
    OUT_OF_ORDER = "out_of_order"


# -- Questions and their answers -----------------------------------------------------------

SITUATION = "situation"
LOCATION = "location"
DURATION = "duration"
NEED_SMS = "need_sms"
KEEP_NUMBER = "keep_number"
REGISTERED = "registered"
REAL_USER = "real_user"
HOLDER = "holder"
PLAN = "plan"
BALANCE = "balance"
OPERATOR = "operator"
NEW_OPERATOR = "new_operator"

# Answers in the order they are offered. Operator questions list only "don't know" here:
# their other answers are the slugs of the active operators, given at run time.
QUESTIONS: dict[str, tuple[str, ...]] = {
    SITUATION: (
        "lost",
        "leaving_temporarily",
        "no_longer_needed",
        "switching_operator",
        "unused_in_my_name",
        "not_in_my_name",
        "unsure",
    ),
    LOCATION: ("in_kz", "abroad"),
    DURATION: ("few_months", "year_or_more", DONT_KNOW),
    NEED_SMS: ("yes", "no", DONT_KNOW),
    KEEP_NUMBER: ("yes", "no"),
    REGISTERED: ("yes", "no", DONT_KNOW),
    REAL_USER: ("someone_else", "no_one", DONT_KNOW),
    HOLDER: ("relative", "employer", "deceased", DONT_KNOW),
    PLAN: ("prepaid", "contract", DONT_KNOW),
    BALANCE: ("money_left", "debt", "zero", DONT_KNOW),
    OPERATOR: (DONT_KNOW,),
    NEW_OPERATOR: (DONT_KNOW,),
}
OPERATOR_QUESTIONS = frozenset({OPERATOR, NEW_OPERATOR})


# -- Outcomes --------------------------------------------------------------------------------

BLOCK_NOW = "block_now"
KEEP_ACTIVE = "keep_active"
SUSPEND = "suspend"
CANCEL = "cancel"
PORT = "port"
RE_REGISTER = "re_register"
HOLDER_ONLY = "holder_only"
CHECK_NUMBER = "check_number"
OUTCOMES: tuple[str, ...] = (BLOCK_NOW, KEEP_ACTIVE, SUSPEND, CANCEL, PORT, RE_REGISTER, HOLDER_ONLY, CHECK_NUMBER)

# Which procedures (Procedure.Kind values) each outcome leads to, in the order shown.
KINDS: dict[str, tuple[str, ...]] = {
    BLOCK_NOW: ("block_lost", "replace_sim", "cancel"),
    KEEP_ACTIVE: (),
    SUSPEND: ("suspend",),
    CANCEL: ("cancel",),
    PORT: ("port_in",),
    RE_REGISTER: ("re_register",),
    HOLDER_ONLY: ("re_register", "cancel"),
    CHECK_NUMBER: (),
}


# -- The flow --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Done:
    """A leaf: the outcome, and the procedures to link (the outcome's own unless given)."""

    outcome: str
    kinds: tuple[str, ...] | None = None

    @property
    def procedure_kinds(self) -> tuple[str, ...]:
        return KINDS[self.outcome] if self.kinds is None else self.kinds


@dataclass(frozen=True)
class Ask:
    """A question; `branches` maps each answer to what comes next. Operator questions have
    no fixed answers: every valid operator (and "don't know") goes to `otherwise`."""

    question: str
    branches: Mapping[str, Node] = field(default_factory=dict)
    otherwise: Node | None = None

    def after(self, answer: str) -> Node:
        if answer in self.branches:
            return self.branches[answer]
        if self.otherwise is not None:
            return self.otherwise
        raise InvalidAnswers(f"{answer!r} is not an answer to {self.question!r}")


Node = Ask | Done


class InvalidAnswers(ValueError):
    """Answers that are not a path through the flow (use `parse_query` on visitor input)."""


def every(question: str, then: Node) -> Ask:
    """Ask `question`; every answer leads to the same place."""
    return Ask(question, dict.fromkeys(QUESTIONS[question], then))


def by_operator(outcome: str, *, kinds: tuple[str, ...] | None = None, question: str = OPERATOR) -> Ask:
    return Ask(question, otherwise=Done(outcome, kinds))


# Shared tails. Who holds the number is asked only where the holder must act in person.
def mine_or_not(*, yes: Node, holder_would: str, question: str = OPERATOR) -> Ask:
    """Is it registered to you? Yes → `yes`; no → only the holder can (do `holder_would`);
    don't know → find out first."""
    return Ask(
        REGISTERED,
        {
            "yes": yes,
            "no": by_operator(HOLDER_ONLY, kinds=KINDS[holder_would], question=question),
            DONT_KNOW: by_operator(CHECK_NUMBER),
        },
    )


KEEP_ACTIVE_TAIL = every(PLAN, by_operator(KEEP_ACTIVE))
CANCEL_TAIL = every(PLAN, every(BALANCE, by_operator(CANCEL)))
SUSPEND_PATH = mine_or_not(yes=every(PLAN, by_operator(SUSPEND)), holder_would=SUSPEND)
CANCEL_PATH = mine_or_not(yes=CANCEL_TAIL, holder_would=CANCEL)
# Still needing the codes (or not knowing) means the number must keep working.
AWAY_A_LONG_TIME = Ask(
    NEED_SMS,
    {
        "yes": KEEP_ACTIVE_TAIL,
        DONT_KNOW: KEEP_ACTIVE_TAIL,
        "no": Ask(KEEP_NUMBER, {"yes": SUSPEND_PATH, "no": CANCEL_PATH}),
    },
)

ROOT: Ask = Ask(
    SITUATION,
    {
        # Blocking is urgent whatever else is true; only a number that is not yours goes
        # to its holder (the operator will ask whose it is when you call).
        "lost": every(
            LOCATION,
            Ask(
                REGISTERED,
                {
                    "yes": by_operator(BLOCK_NOW),
                    DONT_KNOW: by_operator(BLOCK_NOW),
                    "no": by_operator(HOLDER_ONLY, kinds=("block_lost",)),
                },
            ),
        ),
        "leaving_temporarily": every(
            LOCATION,
            Ask(
                DURATION,
                {
                    # A few months without needing codes: pausing is the obvious fit.
                    "few_months": Ask(
                        NEED_SMS, {"yes": KEEP_ACTIVE_TAIL, DONT_KNOW: KEEP_ACTIVE_TAIL, "no": SUSPEND_PATH}
                    ),
                    "year_or_more": AWAY_A_LONG_TIME,
                    DONT_KNOW: AWAY_A_LONG_TIME,
                },
            ),
        ),
        "no_longer_needed": every(
            LOCATION,
            Ask(
                NEED_SMS,
                {
                    # Cancelling now would cut off bank and eGov codes: keep it until moved.
                    "yes": every(PLAN, by_operator(KEEP_ACTIVE, kinds=("cancel",))),
                    DONT_KNOW: every(PLAN, by_operator(KEEP_ACTIVE, kinds=("cancel",))),
                    "no": CANCEL_PATH,
                },
            ),
        ),
        # Porting is requested at the operator the visitor moves *to*.
        "switching_operator": every(
            LOCATION,
            mine_or_not(yes=by_operator(PORT, question=NEW_OPERATOR), holder_would=PORT, question=NEW_OPERATOR),
        ),
        "unused_in_my_name": every(
            LOCATION,
            Ask(
                REAL_USER,
                {
                    "someone_else": by_operator(RE_REGISTER),
                    "no_one": CANCEL_TAIL,
                    DONT_KNOW: by_operator(CHECK_NUMBER),
                },
            ),
        ),
        "not_in_my_name": every(LOCATION, every(HOLDER, by_operator(HOLDER_ONLY))),
        "unsure": every(LOCATION, by_operator(CHECK_NUMBER)),
    },
)


# -- Extra advice on the result page, chosen by the answers ----------------------------------


@dataclass(frozen=True)
class NoteRule:
    """Show note `note` when every question in `when` has one of the given answers, and the
    outcome is one of `outcomes` (any outcome when empty)."""

    note: str
    when: Mapping[str, frozenset[str]]
    outcomes: frozenset[str] = frozenset()

    def applies(self, *, answers: Mapping[str, str], outcome: str) -> bool:
        if self.outcomes and outcome not in self.outcomes:
            return False
        return all(answers.get(question) in allowed for question, allowed in self.when.items())


def _when(**conditions: str | tuple[str, ...]) -> dict[str, frozenset[str]]:
    return {q: frozenset((a,) if isinstance(a, str) else a) for q, a in conditions.items()}


ACTS_IN_PERSON = frozenset({SUSPEND, CANCEL, PORT, RE_REGISTER, HOLDER_ONLY, CHECK_NUMBER})
NOTE_RULES: tuple[NoteRule, ...] = (
    NoteRule("lost_tell_holder", _when(situation="lost", registered="no")),
    NoteRule("lost_holder_unknown", _when(situation="lost", registered=DONT_KNOW)),
    NoteRule("abroad_block", _when(location="abroad"), frozenset({BLOCK_NOW})),
    NoteRule("abroad_check_roaming", _when(location="abroad"), frozenset({KEEP_ACTIVE})),
    NoteRule("abroad_remote", _when(location="abroad"), ACTS_IN_PERSON),
    NoteRule("move_accounts_then_cancel", _when(situation="no_longer_needed"), frozenset({KEEP_ACTIVE})),
    NoteRule("long_absence", _when(duration=("year_or_more", DONT_KNOW)), frozenset({KEEP_ACTIVE, SUSPEND})),
    NoteRule("prepaid_inactivity", _when(plan="prepaid"), frozenset({KEEP_ACTIVE})),
    NoteRule("contract_fees", _when(plan="contract"), frozenset({KEEP_ACTIVE, SUSPEND})),
    NoteRule("plan_unknown", _when(plan=DONT_KNOW)),
    NoteRule("pay_debt_first", _when(balance="debt")),
    NoteRule("refund_balance", _when(balance="money_left")),
    NoteRule("check_balance", _when(balance=DONT_KNOW)),
    NoteRule("port_needs_holder", _when(situation="switching_operator", registered="no")),
    NoteRule("holder_relative", _when(holder="relative")),
    NoteRule("holder_employer", _when(holder="employer")),
    NoteRule("holder_deceased", _when(holder="deceased")),
    NoteRule("holder_unknown", _when(holder=DONT_KNOW)),
)
NOTES: tuple[str, ...] = tuple(rule.note for rule in NOTE_RULES)


# -- Node keys: how code nodes are named in the wording table --------------------------------


def question_key(question: str) -> str:
    return f"question:{question}"


def answer_key(question: str, answer: str) -> str:
    return f"answer:{question}={answer}"


def outcome_key(outcome: str) -> str:
    return f"outcome:{outcome}"


def note_key(note: str) -> str:
    return f"note:{note}"


@dataclass(frozen=True)
class WordingNode:
    key: str
    kind: str  # question | answer | outcome | note
    required: tuple[str, ...]  # texts it must have in every language


def wording_nodes() -> tuple[WordingNode, ...]:
    """Every node of the flow that needs wording, and which texts it needs."""
    nodes: list[WordingNode] = []
    for question, answers in QUESTIONS.items():
        nodes.append(WordingNode(question_key(question), "question", ("text",)))
        # Operator answers never appear in the "why" list, so they need no reason.
        needs = ("text",) if question in OPERATOR_QUESTIONS else ("text", "reason")
        nodes.extend(WordingNode(answer_key(question, answer), "answer", needs) for answer in answers)
    nodes.extend(WordingNode(outcome_key(outcome), "outcome", ("text", "body", "after")) for outcome in OUTCOMES)
    nodes.extend(WordingNode(note_key(note), "note", ("text", "body")) for note in NOTES)
    return tuple(nodes)


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
    on_path = {question: answers[question] for question in used}
    notes = tuple(rule.note for rule in NOTE_RULES if rule.applies(answers=on_path, outcome=node.outcome))
    operator_question = NEW_OPERATOR if NEW_OPERATOR in on_path else OPERATOR
    return Result(node.outcome, node.procedure_kinds, notes, operator_question)


def why(*, answers: Mapping[str, str]) -> list[str]:
    """Answer keys, in order, that led to the outcome: every answer on the path except
    which operator (that chooses the links, not the advice)."""
    _node, used = _follow(answers)
    return [answer_key(q, answers[q]) for q in used if q not in OPERATOR_QUESTIONS]


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    change_query: str  # the answers before this question: the page that asks it again


def query_string(answers: Mapping[str, str]) -> str:
    """The canonical query string of a path prefix (answers in the order asked)."""
    _node, used = _follow(answers)
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
    return [SummaryRow(q, answers[q], _ask_again(answers, used, index)) for index, q in enumerate(used)]


def back_query(*, answers: Mapping[str, str]) -> str | None:
    """The query of the previous page (the last answer dropped); None on the first question."""
    _node, used = _follow(answers)
    if not used:
        return None
    return _ask_again(answers, used, len(used) - 1)


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
        return Parsed(answers, None, outcome_for(answers=answers), None, is_canonical=not extra)
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
