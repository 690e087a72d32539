"""The evaluation set keeps search honest: success@3 at or above the target in every
language, on questions phrased as readers ask them — none of them copied into a page's
keywords, every answer a page that exists."""

import pytest

from config import languages
from editorial.text import localized
from faq.models import Entry
from guides.models import Procedure
from operators.models import Operator
from search import evaluation
from search.analysis import fold

pytestmark = pytest.mark.django_db

QUESTIONS = evaluation.questions()


def test_the_set_is_large_and_keeps_a_quarter_aside():
    for code in languages.CODES:
        mine = [question for question in QUESTIONS if question.lang == code]
        assert len(mine) >= 40, code
        held_out = sum(question.held_out for question in mine)
        assert len(mine) // 4 <= held_out <= len(mine) // 4 + 2, code


@pytest.mark.parametrize("code", languages.CODES)
def test_success_at_3_in_every_language(shipped_content, code):
    mine = [question for question in QUESTIONS if question.lang == code]
    figures = evaluation.measure(mine, evaluation.engine_ranking)
    missed = [question.q for question in figures.misses]
    assert figures.success_at_3 >= evaluation.TARGET, missed


@pytest.mark.parametrize("code", languages.CODES)
def test_every_question_the_guide_answers_finds_something(shipped_content, code):
    from search.engine import search

    empty = [q.q for q in QUESTIONS if q.lang == code and not search(q.q, code=code).results]
    assert empty == []


def test_every_answer_is_a_page_of_the_guide(shipped_content):
    pages = {f"proc:{p.operator.slug}/{p.slug}" for p in Procedure.objects.published().select_related("operator")}
    pages |= {f"kind:{kind}" for kind in Procedure.objects.published().values_list("kind", flat=True)}
    pages |= {f"faq:{slug}" for slug in Entry.objects.published().values_list("slug", flat=True)}
    pages |= {f"operator:{slug}" for slug in Operator.objects.active().values_list("slug", flat=True)}
    pages.add(evaluation.DECIDE)
    unknown = {answer for question in QUESTIONS for answer in question.answers} - pages
    assert unknown == set()


def test_no_question_is_copied_into_a_keyword_field(shipped_content):
    """Tuning the content to the questions would make the figures say nothing."""
    keyword_fields = []
    for model in (Procedure, Entry, Operator):
        for obj in model.objects.all():
            for code in languages.CODES:
                keyword_fields += [
                    fold(part).strip() for part in localized(obj, "search_keywords", code).text.split(",")
                ]
    keywords = {field for field in keyword_fields if field}
    copied = [q.q for q in QUESTIONS if " ".join(fold(q.q).split()) in keywords]
    assert copied == []
