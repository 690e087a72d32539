"""Real situations and the advice each must get, written from the situation, not from the code.

Each situation lists the facts a visitor knows (in the flow's vocabulary: question id →
answer id). A simulated visitor answers whatever the flow asks; if the flow asks something
the situation doesn't say, the test fails, because then the flow asks what it shouldn't
need (or the table is missing a fact a real person would know). The expected outcome and
the notes the result must include come from what a careful adviser would say.
"""

from dataclasses import dataclass, field

import pytest

from decide import engine, flow

OPERATORS = ("kcell", "activ", "beeline", "tele2", "altel")


@dataclass(frozen=True)
class Situation:
    story: str
    facts: dict[str, str]
    outcome: str
    notes: frozenset[str] = field(default_factory=frozenset)
    links_from: str = ""  # the operator whose procedures the result must show


def situation(story, outcome, *, notes=(), links_from="", **facts) -> Situation:
    return Situation(story, facts, outcome, frozenset(notes), links_from or facts.get("operator", ""))


SITUATIONS = [
    situation(
        "Lost my phone in Almaty; the number is in my name; Beeline",
        flow.BLOCK_NOW,
        situation="lost",
        location="in_kz",
        registered="yes",
        operator="beeline",
    ),
    situation(
        "Phone stolen on holiday in Turkey; my own Kcell number",
        flow.BLOCK_NOW,
        notes=["abroad_block"],
        situation="lost",
        location="abroad",
        registered="yes",
        operator="kcell",
    ),
    situation(
        "Lost the SIM my mother registered for me; Tele2",
        flow.HOLDER_ONLY,
        notes=["lost_tell_holder"],
        situation="lost",
        location="in_kz",
        registered="no",
        operator="tele2",
    ),
    situation(
        "Lost a SIM a friend bought for me years ago; no idea whose name it is in",
        flow.BLOCK_NOW,
        notes=["lost_holder_unknown"],
        situation="lost",
        location="in_kz",
        registered="dont_know",
        operator="dont_know",
    ),
    situation(
        "Moving to Germany for 2 years; Kaspi still sends codes to this prepaid Kcell number",
        flow.KEEP_ACTIVE,
        notes=["long_absence", "prepaid_inactivity"],
        situation="leaving_temporarily",
        location="in_kz",
        duration="year_or_more",
        need_sms="yes",
        plan="prepaid",
        operator="kcell",
    ),
    situation(
        "Studying in China for one semester; nothing needs SMS on this number; in my name; prepaid activ",
        flow.SUSPEND,
        situation="leaving_temporarily",
        location="in_kz",
        duration="few_months",
        need_sms="no",
        registered="yes",
        plan="prepaid",
        operator="activ",
    ),
    situation(
        "Working abroad for a year, want the same number back, no codes needed; Beeline contract",
        flow.SUSPEND,
        notes=["contract_fees", "long_absence"],
        situation="leaving_temporarily",
        location="in_kz",
        duration="year_or_more",
        need_sms="no",
        keep_number="yes",
        registered="yes",
        plan="contract",
        operator="beeline",
    ),
    situation(
        "Going away for a year or more and won't want this number again; in my name; contract; nothing owed",
        flow.CANCEL,
        situation="leaving_temporarily",
        location="in_kz",
        duration="year_or_more",
        need_sms="no",
        keep_number="no",
        registered="yes",
        plan="contract",
        balance="zero",
        operator="tele2",
    ),
    situation(
        "Leaving Kazakhstan for good; Beeline contract with an unpaid bill; nothing needs SMS",
        flow.CANCEL,
        notes=["pay_debt_first"],
        situation="no_longer_needed",
        location="in_kz",
        need_sms="no",
        registered="yes",
        plan="contract",
        balance="debt",
        operator="beeline",
    ),
    situation(
        "Already moved to Russia for good, but eGov and the bank still send codes to my prepaid number",
        flow.KEEP_ACTIVE,
        notes=["move_accounts_then_cancel", "abroad_check_roaming", "prepaid_inactivity"],
        situation="no_longer_needed",
        location="abroad",
        need_sms="yes",
        plan="prepaid",
        operator="kcell",
    ),
    situation(
        "Second SIM I no longer need, 2,000 tenge left on it, in my name, Tele2",
        flow.CANCEL,
        notes=["refund_balance"],
        situation="no_longer_needed",
        location="in_kz",
        need_sms="no",
        registered="yes",
        plan="prepaid",
        balance="money_left",
        operator="tele2",
    ),
    situation(
        "Switching from Tele2 to Kcell, keeping my own number",
        flow.PORT,
        links_from="kcell",
        situation="switching_operator",
        location="in_kz",
        registered="yes",
        new_operator="kcell",
    ),
    situation(
        "Want to move to Beeline, but the number is in my husband's name",
        flow.HOLDER_ONLY,
        notes=["port_needs_holder"],
        links_from="beeline",
        situation="switching_operator",
        location="in_kz",
        registered="no",
        new_operator="beeline",
    ),
    situation(
        "Want to switch operator; not sure the number was ever registered to me; it is with Altel",
        flow.CHECK_NUMBER,
        situation="switching_operator",
        location="in_kz",
        registered="dont_know",
        operator="altel",
    ),
    situation(
        "My father died; the family uses his Kcell number",
        flow.HOLDER_ONLY,
        notes=["holder_deceased"],
        situation="not_in_my_name",
        location="in_kz",
        holder="deceased",
        operator="kcell",
    ),
    situation(
        "Left my job; the SIM I carry belongs to the company; Beeline",
        flow.HOLDER_ONLY,
        notes=["holder_employer"],
        situation="not_in_my_name",
        location="in_kz",
        holder="employer",
        operator="beeline",
    ),
    situation(
        "Helping my grandmother, who is alive, end her Tele2 number",
        flow.HOLDER_ONLY,
        notes=["holder_relative"],
        situation="not_in_my_name",
        location="in_kz",
        holder="relative",
        operator="tele2",
    ),
    situation(
        "Abroad; the number I use in Kazakhstan was registered by a relative",
        flow.HOLDER_ONLY,
        notes=["holder_relative", "abroad_remote"],
        situation="not_in_my_name",
        location="abroad",
        holder="relative",
        operator="dont_know",
    ),
    situation(
        "My son uses a SIM registered in my name; activ",
        flow.RE_REGISTER,
        situation="unused_in_my_name",
        location="in_kz",
        real_user="someone_else",
        operator="activ",
    ),
    situation(
        "An old SIM in my name nobody uses; prepaid; no idea of the balance; Kcell",
        flow.CANCEL,
        notes=["check_balance"],
        situation="unused_in_my_name",
        location="in_kz",
        real_user="no_one",
        plan="prepaid",
        balance="dont_know",
        operator="kcell",
    ),
    situation(
        "A number in my name; I don't know whether my ex still uses it",
        flow.CHECK_NUMBER,
        situation="unused_in_my_name",
        location="in_kz",
        real_user="dont_know",
        operator="beeline",
    ),
    situation(
        "Back after three years abroad; not sure my old number still works",
        flow.CHECK_NUMBER,
        situation="unsure",
        location="in_kz",
        operator="dont_know",
    ),
    situation(
        "Chinese student leaving for good after graduating; own prepaid activ SIM; nothing on it; no codes",
        flow.CANCEL,
        situation="no_longer_needed",
        location="in_kz",
        need_sms="no",
        registered="yes",
        plan="prepaid",
        balance="zero",
        operator="activ",
    ),
    situation(
        "Away for a few months; not sure whether the bank still sends codes here",
        flow.KEEP_ACTIVE,
        situation="leaving_temporarily",
        location="in_kz",
        duration="few_months",
        need_sms="dont_know",
        plan="prepaid",
        operator="kcell",
    ),
    situation(
        "Already abroad, want to end my own Kcell contract; nothing needs SMS; nothing owed",
        flow.CANCEL,
        notes=["abroad_remote"],
        situation="no_longer_needed",
        location="abroad",
        need_sms="no",
        registered="yes",
        plan="contract",
        balance="zero",
        operator="kcell",
    ),
    situation(
        "Away for a few months without needing codes, but the SIM may be in my wife's name",
        flow.CHECK_NUMBER,
        situation="leaving_temporarily",
        location="in_kz",
        duration="few_months",
        need_sms="no",
        registered="dont_know",
        operator="tele2",
    ),
    situation(
        "Going abroad for a while, no codes needed, the number is registered to my wife",
        flow.HOLDER_ONLY,
        situation="leaving_temporarily",
        location="in_kz",
        duration="few_months",
        need_sms="no",
        registered="no",
        operator="beeline",
    ),
    situation(
        "Already abroad for an unknown time; want to pause my own number; don't know if prepaid",
        flow.SUSPEND,
        notes=["abroad_remote", "plan_unknown", "long_absence"],
        situation="leaving_temporarily",
        location="abroad",
        duration="dont_know",
        need_sms="no",
        keep_number="yes",
        registered="yes",
        plan="dont_know",
        operator="kcell",
    ),
]


def visit(facts: dict[str, str]) -> engine.Parsed:
    """Answer what the flow asks, one question at a time, the way the pages do."""
    query: dict[str, list[str]] = {}
    for _step in range(len(flow.QUESTIONS) + 1):
        parsed = engine.parse_query(query=query, operators=OPERATORS)
        assert parsed.problem is None
        if parsed.result is not None:
            return parsed
        assert parsed.question in facts, f"the flow asks “{parsed.question}”, which this situation doesn't say"
        query[parsed.question] = [facts[parsed.question]]
    raise AssertionError("the flow never ends")


def test_the_table_is_big_enough_and_covers_every_outcome():
    assert len(SITUATIONS) >= 22
    assert {case.outcome for case in SITUATIONS} == set(flow.OUTCOMES)


@pytest.mark.parametrize("case", SITUATIONS, ids=[case.story for case in SITUATIONS])
def test_situation_gets_the_right_advice(case: Situation):
    parsed = visit(case.facts)
    assert parsed.result.outcome == case.outcome, case.story
    assert case.notes <= set(parsed.result.notes), case.story
    chosen = parsed.answers.get(parsed.result.operator_question)
    assert chosen == (case.links_from or "dont_know")
