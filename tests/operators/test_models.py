import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from operators.models import Operator
from tests.factories import CompanyFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def test_two_brands_of_one_company():
    company = CompanyFactory(slug="kcell-jsc")
    OperatorFactory(slug="kcell", company=company)
    OperatorFactory(slug="activ", company=company)
    assert sorted(company.operators.values_list("slug", flat=True)) == ["activ", "kcell"]


def test_operator_slug_is_unique():
    OperatorFactory(slug="beeline")
    with pytest.raises(IntegrityError), transaction.atomic():
        OperatorFactory(slug="beeline")


def test_company_may_stay_unknown():
    operator = OperatorFactory(company=None, slug="izi")
    operator.full_clean()
    assert operator.company is None


def test_active_queryset():
    shown = OperatorFactory(active=True)
    OperatorFactory(active=False)
    assert list(Operator.objects.active()) == [shown]


def test_brand_name_is_required():
    operator = OperatorFactory.build(name="  ", company=None)
    with pytest.raises(ValidationError):
        operator.full_clean()


def test_contacts_are_unverified_until_an_editor_checks_them():
    assert not OperatorFactory().is_verified
