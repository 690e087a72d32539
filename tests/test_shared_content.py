"""The `shipped_content` fixture (conftest.py): one load shared by the tests that ask for it,
and no test's changes leaking into the next one's, nor into tests that don't ask."""

import pytest

from editorial.shipped import CONTENT_DIR, read_yaml
from guides.models import LoadedContent, Procedure
from operators.models import Operator

pytestmark = pytest.mark.django_db

KCELL = read_yaml(CONTENT_DIR / "operators" / "kcell.yaml")
FIRST_PROCEDURE = KCELL["procedures"][0]
# Which load of the shared content each test saw (when the tests run in file order).
LOADS: dict[str, int] = {}


@pytest.mark.parametrize("round_", [1, 2])
def test_a_tests_changes_are_gone_in_the_next_test(shipped_content, round_):
    # What the shipped file says, whatever the round before did.
    procedure = Procedure.objects.get(operator__slug="kcell", slug=FIRST_PROCEDURE["slug"])
    assert procedure.title_ru == FIRST_PROCEDURE["title"]["ru"].strip()
    assert procedure.steps.count() == len(FIRST_PROCEDURE["steps"])
    assert Operator.objects.filter(slug="beeline").exists()
    assert not Operator.objects.filter(slug="leaked").exists()
    LOADS[f"round {round_}"] = shipped_content.loads
    if round_ == 2 and "round 1" in LOADS:
        # One load for both rounds: the rollback, not a fresh load, undid round 1's changes.
        assert LOADS["round 2"] == LOADS["round 1"]

    # Change it every way a test might: an edit, a delete (cascading), a new object.
    procedure.title_ru = "Правка теста"
    procedure.save()
    procedure.steps.first().delete()
    Procedure.objects.filter(operator__slug="beeline").delete()
    Operator.objects.get(slug="beeline").delete()
    Operator.objects.create(slug="leaked", name="Leaked")
    LoadedContent.objects.all().delete()


def test_a_test_that_does_not_ask_starts_from_an_empty_database():
    assert not Operator.objects.exists()
    assert not Procedure.objects.exists()
    assert not LoadedContent.objects.exists()


def test_asking_again_after_that_loads_the_content_again(shipped_content):
    assert Operator.objects.filter(slug="beeline").exists()
    assert not Operator.objects.filter(slug="leaked").exists()
    if "round 2" in LOADS:
        # The test in between had the shared content rolled back; it was loaded afresh.
        assert shipped_content.loads == LOADS["round 2"] + 1
