"""Kazakh dates: Django ships no Kazakh formats, so config/formats/kk gives them
("2026 жылғы 1 қараша", not "Қар. 1, 2026")."""

import datetime

import pytest
from django.utils import formats, translation

from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 1), "2026 жылғы 1 қараша"),
        (datetime.date(2025, 3, 4), "2025 жылғы 4 наурыз"),
        (datetime.date(2026, 1, 31), "2026 жылғы 31 қаңтар"),
    ],
)
def test_kazakh_dates_read_as_kazakh(day, expected):
    with translation.override("kk"):
        assert formats.date_format(day) == expected
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == day.strftime("%d.%m.%Y")


def test_other_languages_keep_their_own_formats():
    day = datetime.date(2026, 11, 1)
    with translation.override("ru"):
        assert formats.date_format(day) == "1 ноября 2026 г."
    with translation.override("zh-hans"):
        assert formats.date_format(day) == "2026年11月1日"


def test_a_kazakh_page_shows_the_kazakh_date(client, superuser):
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", with_steps=1)
    procedure.verified_on, procedure.verified_by = datetime.date(2025, 3, 4), superuser
    procedure.save()
    html = client.get("/kk/operators/kcell/cancel/").content.decode()
    assert "2025 жылғы 4 наурыз" in html
    assert "Нау." not in html
