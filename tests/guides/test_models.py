import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from editorial.models import Status
from guides.models import Procedure
from tests.factories import (
    DocumentFactory,
    OperatorFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db


def test_published_queryset_leaves_out_drafts():
    published = ProcedureFactory(status=Status.PUBLISHED)
    ProcedureFactory(status=Status.DRAFT)
    assert list(Procedure.objects.published()) == [published]


def test_procedure_slug_is_unique_within_its_operator_only():
    first = ProcedureFactory(slug="cancel")
    ProcedureFactory(slug="cancel")  # another operator: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureFactory(slug="cancel", operator=first.operator)


@pytest.mark.parametrize("slug", ["print"])
def test_reserved_slug_is_refused_by_the_database(slug):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureFactory(slug=slug)


def test_reserved_slug_gets_a_readable_error():
    procedure = ProcedureFactory.build(slug="print", operator=OperatorFactory())
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "reserved" in str(error.value.message_dict["slug"])


@pytest.mark.parametrize("slug", ["print.pdf", "отмена", "销号", "with space"])
def test_slug_must_be_ascii_letters_digits_and_hyphens(slug):
    procedure = ProcedureFactory.build(slug=slug, operator=OperatorFactory())
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "slug" in error.value.message_dict


def test_published_procedure_needs_a_title_in_some_language():
    procedure = ProcedureFactory.build(
        operator=OperatorFactory(),
        status=Status.PUBLISHED,
        title_en="",
        title_ru="",
        title_kk="",
        title_zh_hans="",
    )
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "title" in error.value.message_dict
    procedure.status = Status.DRAFT
    procedure.full_clean()  # a draft may be untitled while it is written


def test_a_title_in_one_language_is_enough_to_publish():
    procedure = ProcedureFactory.build(
        operator=OperatorFactory(), title_en="", title_ru="", title_zh_hans="", title_kk="Нөмірді жабу"
    )
    procedure.full_clean()


def test_verified_by_needs_a_date(superuser):
    procedure = ProcedureFactory()
    procedure.verified_by = superuser
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "verified_on" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        procedure.save()
    procedure.verified_on = datetime.date(2026, 11, 1)
    procedure.full_clean()
    procedure.save()
    assert procedure.is_verified


def test_new_procedures_are_unverified_drafts():
    procedure = Procedure(operator=OperatorFactory(), slug="x", kind="cancel", channel="online")
    assert procedure.status == Status.DRAFT
    assert not procedure.is_verified


def test_steps_and_documents_keep_their_order():
    procedure = ProcedureFactory()
    third = StepFactory(procedure=procedure, order=3)
    first = StepFactory(procedure=procedure, order=1)
    second = StepFactory(procedure=procedure, order=2)
    assert list(procedure.steps.all()) == [first, second, third]
    late = RequiredDocumentFactory(procedure=procedure, order=2)
    early = RequiredDocumentFactory(procedure=procedure, order=1)
    assert list(procedure.required_documents.all()) == [early, late]


def test_a_document_is_required_once_per_audience():
    procedure = ProcedureFactory()
    passport = DocumentFactory()
    RequiredDocumentFactory(procedure=procedure, document=passport, audience="citizen")
    RequiredDocumentFactory(procedure=procedure, document=passport, audience="foreign")
    with pytest.raises(IntegrityError), transaction.atomic():
        RequiredDocumentFactory(procedure=procedure, document=passport, audience="citizen")


def test_a_document_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    required = RequiredDocumentFactory()
    with pytest.raises(ProtectedError):
        required.document.delete()


def test_procedure_url_uses_the_shared_ascii_slugs():
    procedure = ProcedureFactory(slug="cancel-in-person", operator__slug="kcell")
    assert procedure.get_absolute_url() == "/en/operators/kcell/cancel-in-person/"
