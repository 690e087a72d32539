"""The decision flow's routing, without HTTP: every path through it, and the parser that
turns a visitor's query string into answers.

Enumerating the flow with its own routing proves it is complete and has no dead ends; it
can't prove it is *right* — test_decision_situations.py does that from real situations.
"""

from collections import Counter
from urllib.parse import parse_qs

import pytest

from decide import engine, flow
from decide.flow import Problem
from guides.models import Procedure

OPERATORS = ("kcell", "beeline", "tele2")
PATHS = list(engine.paths(operators=OPERATORS))


def outcomes_in_the_tree(node: flow.Node, *, operators: tuple[str, ...]) -> Counter:
    """How many complete paths end at each outcome, counted from the tree's own branches:
    not through `paths`, `first_unanswered`, `allowed_answers` or `outcome_for`."""
    if isinstance(node, flow.Done):
        return Counter({node.outcome: 1})
    if node.question in flow.OPERATOR_QUESTIONS:
        # Every operator, and "don't know", go the same way.
        below = outcomes_in_the_tree(node.otherwise, operators=operators)
        return Counter({outcome: count * (len(operators) + 1) for outcome, count in below.items()})
    total = Counter()
    for answer in flow.QUESTIONS[node.question]:
        total += outcomes_in_the_tree(node.branches[answer], operators=operators)
    return total


def test_every_path_reaches_exactly_one_outcome(capsys):
    outcomes = Counter()
    for answers in PATHS:
        assert engine.first_unanswered(answers=answers) is None
        result = engine.outcome_for(answers=answers)
        assert result is not None, answers
        assert result.outcome in flow.OUTCOMES
        # Reached with the last answer, not before it: no answers beyond an outcome.
        assert engine.outcome_for(answers=dict(list(answers.items())[:-1])) is None, answers
        outcomes[result.outcome] += 1
    with capsys.disabled():
        print(
            f"\ndecision flow: {len(PATHS)} paths with {len(OPERATORS)} operators + don't know; "
            f"{len(flow.OUTCOMES)} outcomes: {dict(sorted(outcomes.items()))}"
        )
    # Each path once, ending where the tree says: a path missing, listed twice or sent to
    # another outcome changes these counts.
    assert len({tuple(answers.items()) for answers in PATHS}) == len(PATHS)
    assert outcomes == outcomes_in_the_tree(flow.ROOT, operators=OPERATORS)


def test_the_number_of_paths_is_what_the_flow_describes():
    # 212 paths per operator choice (see decide/flow.py); a change here is a change
    # in the flow and should be deliberate.
    assert len(PATHS) == 212 * (len(OPERATORS) + 1)


def test_every_outcome_is_reachable():
    reached = {engine.outcome_for(answers=answers).outcome for answers in PATHS}
    assert reached == set(flow.OUTCOMES)


def test_every_question_and_every_answer_is_used_on_some_path():
    seen = {(question, answer) for answers in PATHS for question, answer in answers.items()}
    for question in flow.QUESTIONS:
        for answer in engine.allowed_answers(question, operators=OPERATORS):
            assert (question, answer) in seen, f"{question}={answer} is never asked"


def test_no_question_is_a_dead_end_or_asked_twice():
    """From any prefix, every allowed answer leads to a new question or to an outcome."""

    def walk(answers: dict, depth: int = 0) -> None:
        assert depth <= len(flow.QUESTIONS), "the flow loops"
        question = engine.first_unanswered(answers=answers)
        if question is None:
            assert engine.outcome_for(answers=answers) is not None
            return
        assert question not in answers, f"{question} asked twice"
        allowed = engine.allowed_answers(question, operators=OPERATORS)
        assert allowed, f"{question} has no answers"
        for answer in allowed:
            walk({**answers, question: answer}, depth + 1)

    walk({})


def test_every_edge_of_the_tree_leads_somewhere():
    for asked, answer, after in engine.walk_tree():
        assert asked.question in flow.QUESTIONS
        assert answer is None or answer in flow.QUESTIONS[asked.question]
        assert isinstance(after, flow.Ask | flow.Done)
        # Only operator questions send every answer the same way without listing them.
        assert (answer is None) == (asked.question in flow.OPERATOR_QUESTIONS)


def test_every_path_ends_by_asking_for_an_operator():
    for answers in PATHS:
        assert list(answers)[-1] in flow.OPERATOR_QUESTIONS


def test_procedure_kinds_are_real_procedure_kinds():
    kinds = set(Procedure.Kind.values)
    for answers in PATHS:
        assert set(engine.outcome_for(answers=answers).procedure_kinds) <= kinds
    for outcome in flow.OUTCOMES:
        assert set(flow.KINDS[outcome]) <= kinds


def test_switching_operator_links_the_new_operators_port_in():
    for answers in PATHS:
        result = engine.outcome_for(answers=answers)
        if result.outcome == flow.PORT:
            assert result.operator_question == flow.NEW_OPERATOR
            assert result.procedure_kinds == ("port_in",)


def test_note_rules_name_real_questions_answers_and_outcomes():
    for rule in flow.NOTE_RULES:
        assert set(rule.outcomes) <= set(flow.OUTCOMES)
        for question, answers in rule.when.items():
            assert answers <= set(flow.QUESTIONS[question]), rule.note
    assert len(set(flow.NOTES)) == len(flow.NOTES)


def test_every_note_is_shown_on_some_path():
    shown = {note for answers in PATHS for note in engine.outcome_for(answers=answers).notes}
    assert shown == set(flow.NOTES)


def test_wording_node_keys_are_unique_and_cover_the_flow():
    keys = [node.key for node in flow.wording_nodes()]
    assert len(keys) == len(set(keys))
    for answers in PATHS:
        result = engine.outcome_for(answers=answers)
        assert flow.outcome_key(result.outcome) in keys
        assert {flow.note_key(note) for note in result.notes} <= set(keys)
        assert set(engine.why(answers=answers)) <= set(keys)


def test_why_lists_the_answers_on_the_path_but_not_the_operator():
    answers = {"situation": "lost", "location": "in_kz", "registered": "yes", "operator": "kcell"}
    assert engine.why(answers=answers) == [
        "answer:situation=lost",
        "answer:location=in_kz",
        "answer:registered=yes",
    ]


def test_summary_change_links_ask_the_question_again_with_the_answer_ticked():
    answers = {"situation": "lost", "location": "abroad", "registered": "yes", "operator": "kcell"}
    rows = engine.summary(answers=answers)
    assert [row.question for row in rows] == ["situation", "location", "registered", "operator"]
    assert parse_qs(rows[0].change_query) == {"previous": ["lost"]}
    assert parse_qs(rows[2].change_query) == {"situation": ["lost"], "location": ["abroad"], "previous": ["yes"]}
    assert engine.back_query(answers=answers) == rows[-1].change_query
    assert engine.back_query(answers={}) is None


def test_every_canonical_query_parses_back_to_the_same_result():
    for answers in PATHS:
        query = parse_qs(engine.query_string(answers), keep_blank_values=True)
        parsed = engine.parse_query(query=query, operators=OPERATORS)
        assert parsed.problem is None
        assert parsed.is_canonical
        assert parsed.answers == answers
        assert parsed.result == engine.outcome_for(answers=answers)


def test_every_prefix_of_a_path_asks_its_next_question_without_error():
    for answers in PATHS[::7]:
        items = list(answers.items())
        for length in range(len(items)):
            query = {question: [answer] for question, answer in items[:length]}
            parsed = engine.parse_query(query=query, operators=OPERATORS)
            assert parsed.problem is None
            assert parsed.question == items[length][0]


def test_outcome_for_refuses_an_answer_a_question_does_not_have():
    with pytest.raises(flow.InvalidAnswers):
        engine.outcome_for(answers={"situation": "bored"})


# -- The parser: what a tampered query string becomes ----------------------------------------

START = {"situation": ["lost"], "location": ["in_kz"], "registered": ["yes"]}
KEPT = {question: values[0] for question, values in START.items()}


@pytest.mark.parametrize(
    ("query", "question", "problem", "kept"),
    [
        ({}, "situation", None, {}),
        ({"asked": ["situation"]}, "situation", Problem.MISSING, {}),
        ({"situation": [""]}, "situation", Problem.MISSING, {}),
        ({"situation": ["stolen"]}, "situation", Problem.INVALID, {}),
        ({"situation": ["LOST"]}, "situation", Problem.INVALID, {}),
        ({"situation": ["lost" * 100]}, "situation", Problem.INVALID, {}),
        ({"situation": ["lost", "unsure"]}, "situation", Problem.DUPLICATE, {}),
        ({"situation": ["lost", "lost"]}, "situation", Problem.DUPLICATE, {}),
        ({"operator": ["kcell"]}, "situation", Problem.OUT_OF_ORDER, {}),
        ({"situation": ["lost"], "registered": ["yes"]}, "location", Problem.OUT_OF_ORDER, {"situation": "lost"}),
        ({**START, "operator": ["mts"]}, "operator", Problem.INVALID, KEPT),
        ({**START, "operator": ["dont_know", "kcell"]}, "operator", Problem.DUPLICATE, KEPT),
        ({"situation": ["lost"], "location": ["mars"]}, "location", Problem.INVALID, {"situation": "lost"}),
        ({"situation": ["lost"], "asked": ["registered"]}, "location", None, {"situation": "lost"}),
        ({"utm_source": ["telegram"], "fbclid": ["x"]}, "situation", None, {}),
    ],
)
def test_parse_query_stops_at_the_first_question_that_needs_an_answer(query, question, problem, kept):
    parsed = engine.parse_query(query=query, operators=OPERATORS)
    assert parsed.result is None
    assert parsed.question == question
    assert parsed.problem == problem
    assert parsed.answers == kept


def test_an_answer_to_a_question_this_path_never_asks_makes_the_result_non_canonical():
    query = {**START, "operator": ["kcell"], "duration": ["few_months"]}
    parsed = engine.parse_query(query=query, operators=OPERATORS)
    assert parsed.result.outcome == flow.BLOCK_NOW
    assert not parsed.is_canonical
    assert "duration" not in parsed.answers


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ({"situation": ["lost"]}, True),
        ({"situation": ["lost"], "asked": ["situation"], "previous": ["abroad"]}, True),
        ({"situation": ["lost"], "utm_source": ["telegram"]}, False),
        ({**START, "operator": ["kcell"]}, True),
        ({**START, "operator": ["kcell"], "asked": ["operator"]}, False),
        ({**START, "operator": ["kcell"], "fbclid": ["x"]}, False),
    ],
)
def test_only_answers_and_the_question_pages_markers_make_a_clean_url(query, canonical):
    parsed = engine.parse_query(query=query, operators=OPERATORS)
    assert parsed.problem is None
    assert parsed.is_canonical == canonical


def test_inactive_or_unknown_operators_are_not_answers():
    parsed = engine.parse_query(query={**START, "operator": ["kcell"]}, operators=("beeline",))
    assert parsed.problem == Problem.INVALID
    assert parsed.result is None


def test_preselected_answer_must_be_valid_for_the_question():
    assert engine.preselected(question="situation", query={"previous": ["lost"]}, operators=OPERATORS) == "lost"
    assert engine.preselected(question="situation", query={"previous": ["abroad"]}, operators=OPERATORS) is None
    assert engine.preselected(question="operator", query={"previous": ["kcell"]}, operators=OPERATORS) == "kcell"
    assert engine.preselected(question="situation", query={"previous": ["lost", "unsure"]}, operators=()) is None


def test_a_page_asks_for_the_wording_it_shows():
    answers = {"situation": "lost", "location": "in_kz"}
    question_page = engine.parse_query(query={q: [a] for q, a in answers.items()}, operators=OPERATORS)
    keys = engine.page_keys(question_page)
    assert {"question:registered", "answer:registered=dont_know", "answer:location=in_kz"} <= keys
    assert not any(key.startswith(("outcome:", "note:")) for key in keys)
    for answers in PATHS[::50]:
        parsed = engine.parse_query(query={q: [a] for q, a in answers.items()}, operators=OPERATORS)
        keys = engine.page_keys(parsed)
        assert flow.outcome_key(parsed.result.outcome) in keys
        assert set(engine.why(answers=answers)) <= keys
