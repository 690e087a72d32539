import pytest
from django.core.exceptions import ValidationError

from editorial.models import Status
from faq.models import Entry
from tests.factories import EntryFactory, OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def test_published_entries_only():
    shown = EntryFactory(status=Status.PUBLISHED)
    EntryFactory(status=Status.DRAFT)
    assert list(Entry.objects.published()) == [shown]


def test_published_entry_needs_question_and_answer():
    entry = EntryFactory.build(
        category=EntryFactory().category,
        slug="empty",
        answer_en="",
        answer_ru="",
        answer_kk="",
        answer_zh_hans="",
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "answer" in error.value.message_dict


def test_linked_procedure_must_belong_to_the_linked_operator():
    entry = EntryFactory()
    entry.operator = OperatorFactory()
    entry.procedure = ProcedureFactory()
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "procedure" in error.value.message_dict
    entry.procedure.operator = entry.operator
    entry.procedure.save()
    entry.full_clean()


def test_entry_url_is_its_anchor_on_the_faq_page():
    assert EntryFactory(slug="restore").get_absolute_url() == "/en/faq/#restore"
