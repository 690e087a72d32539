"""A procedure page, as a visitor sees it."""

import pytest

from config import languages

pytestmark = pytest.mark.django_db
ALL = pytest.mark.parametrize("code", languages.CODES)


def test_procedure_page_has_everything_a_visitor_needs(client, site):
    procedure = site["cancel"]
    html = client.get(procedure.get_absolute_url()).content.decode()
    for step in procedure.steps.all():
        assert step.title_en in html
    # documents grouped by audience, optional items marked
    assert html.index("Citizens of Kazakhstan") < html.index("Foreign nationals") < html.index("A representative")
    assert "if you have it" in html
    assert "Not yet verified." in html
    assert "Kcell forms" in html  # its source
    assert 'href="tel:455"' in html
    assert "/en/operators/activ/cancel/" in html  # same kind elsewhere
    assert "/en/operators/kcell/suspend/" in html  # same operator
    assert "secret-draft" not in html
    assert 'aria-label="Breadcrumb"' in html


def test_a_verified_procedure_says_when(client, site, superuser):
    import datetime

    procedure = site["cancel"]
    procedure.verified_on = datetime.date(2026, 10, 5)
    procedure.verified_by = superuser
    procedure.save()
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "Last verified on" in html
    assert "Not yet verified." not in html.split('id="steps"')[0]
