import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from config import languages
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


def contacts_verification(client, operator: Operator, code: str) -> str:
    """The trust line under the contacts on the operator's page, as a visitor gets it."""
    response = client.get(f"/{code}/operators/{operator.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="contacts-verification"' in html
    return html[html.index('id="contacts-verification"') :].split("</section>", 1)[0]


def test_contacts_are_unverified_until_an_editor_checks_them(shipped_content, client):
    shipped = list(Operator.objects.active())
    assert len(shipped) >= 6
    # Shipped contacts are never marked verified: only an editor does that.
    assert [operator.slug for operator in shipped if operator.is_verified] == []
    checked, *unchecked = shipped
    checked.verified_on = datetime.date(2025, 3, 4)
    checked.save()
    assert "Last verified on 4 March 2025" in contacts_verification(client, checked, "en")
    assert "Not yet verified." not in contacts_verification(client, checked, "en")
    for operator in unchecked:
        for code in languages.CODES:
            with translation.override(code):
                not_yet = translation.gettext("Not yet verified.")
            assert not_yet in contacts_verification(client, operator, code), (operator.slug, code)
