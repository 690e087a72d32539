"""“Should I suspend or cancel?”: the decision flow as plain data and pure functions.

Routing lives here; wording lives in the database (`DecisionText`, one row per node key
below). Nothing in this module touches Django, requests or the database, so every path
can be enumerated in tests (tests/decide/).

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

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
