"""Printing in a real Chromium: a procedure page printed with the browser (Ctrl+P) hides
no step, and the print sheet itself passes axe-core."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from config import languages
from editorial.text import localized
from editors.content_loader import load_content
from guides.models import Procedure
from tests.browser.axe import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def squeezed(text: str) -> str:
    # Whitespace and ligatures (ﬃ for ffi) are how a PDF sets text, not what it says.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture
def shipped(transactional_db):
    load_content()


@pytest.mark.parametrize("code", languages.CODES)
def test_printing_a_procedure_page_hides_no_step(page, live_server, shipped, code):
    procedure = Procedure.objects.published().select_related("operator").get(operator__slug="kcell", kind="cancel")
    page.goto(f"{live_server.url}/{code}/operators/kcell/{procedure.slug}/")
    pdf = page.pdf(format="A4", print_background=False)
    text = squeezed("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for step in procedure.steps.all():
        title = localized(step, "title", code).text
        assert squeezed(title) in text, f"step {title!r} is missing from the printed page"
    # The site's own chrome stays on the screen.
    assert squeezed(page.locator(".report-link").inner_text()) not in text
    assert squeezed(page.locator(".print-links").inner_text()) not in text


@pytest.mark.parametrize("query", ["", "?with=ru", "?procedure=cancel-in-person&with=zh-hans"])
def test_the_print_sheet_passes_axe(page, live_server, shipped, query):
    for code in ("zh-hans", "kk") if "with=ru" in query else ("en",):
        page.goto(f"{live_server.url}/{code}/operators/kcell/print/{query}")
        result = violations(page)
        assert not result, describe(result)
