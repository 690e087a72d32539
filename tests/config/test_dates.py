"""Dates as each language writes them. Django's English default is US-style ("Nov. 29,
2026") and it ships no Kazakh formats: config/formats/en gives "29 November 2026"
(GOV.UK) and config/formats/kk "2026 жылғы 1 қараша"; Russian and Chinese keep Django's."""

import datetime

import pytest
from django.utils import formats, translation

from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "day", "expected", "short"),
    [
        ("en", datetime.date(2026, 11, 29), "29 November 2026", "%d/%m/%Y"),
        ("en", datetime.date(2025, 3, 4), "4 March 2025", "%d/%m/%Y"),
        ("en", datetime.date(2026, 1, 31), "31 January 2026", "%d/%m/%Y"),
        ("kk", datetime.date(2026, 11, 1), "2026 жылғы 1 қараша", "%d.%m.%Y"),
        ("kk", datetime.date(2025, 3, 4), "2025 жылғы 4 наурыз", "%d.%m.%Y"),
        ("kk", datetime.date(2026, 1, 31), "2026 жылғы 31 қаңтар", "%d.%m.%Y"),
    ],
)
def test_our_formats_read_as_the_language_writes_dates(code, day, expected, short):
    with translation.override(code):
        assert formats.date_format(day) == expected
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == day.strftime(short)


def test_other_languages_keep_their_own_formats():
    day = datetime.date(2026, 11, 1)
    with translation.override("ru"):
        assert formats.date_format(day) == "1 ноября 2026 г."
    with translation.override("zh-hans"):
        assert formats.date_format(day) == "2026年11月1日"


@pytest.mark.parametrize(
    ("code", "shown", "not_shown"),
    [
        ("en", "4 March 2025", ("March 4, 2025", "Mar. 4")),
        ("kk", "2025 жылғы 4 наурыз", ("Нау.",)),
        ("ru", "4 марта 2025", ("March",)),
        ("zh-hans", "2025年3月4日", ("March",)),
    ],
)
def test_a_page_shows_the_date_as_its_language_writes_it(client, superuser, code, shown, not_shown):
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", with_steps=1)
    procedure.verified_on, procedure.verified_by = datetime.date(2025, 3, 4), superuser
    procedure.save()
    html = client.get(f"/{code}/operators/kcell/cancel/").content.decode()
    assert shown in html
    assert not any(text in html for text in not_shown)
