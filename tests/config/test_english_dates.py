"""English dates as GOV.UK writes them: config/formats/en gives "29 November 2026", not
Django's US default "Nov. 29, 2026"."""

import datetime

import pytest
from django.utils import formats, translation

from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 29), "29 November 2026"),
        (datetime.date(2025, 3, 4), "4 March 2025"),
        (datetime.date(2026, 1, 31), "31 January 2026"),
    ],
)
def test_english_dates_read_day_month_year(day, expected):
    with translation.override("en"):
        assert formats.date_format(day) == expected
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == day.strftime("%d/%m/%Y")


def test_an_english_page_shows_the_date_in_full(client, superuser):
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", with_steps=1)
    procedure.verified_on, procedure.verified_by = datetime.date(2025, 3, 4), superuser
    procedure.save()
    html = client.get("/en/operators/kcell/cancel/").content.decode()
    assert "4 March 2025" in html
    assert "March 4, 2025" not in html
    assert "Mar. 4" not in html
