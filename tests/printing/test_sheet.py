"""The printable sheet (printing/, templates/printing/).

Every shipped operator, in all four languages and the four bilingual pairs: the sheet
renders, holds every step and document of the operator's published procedures inside
an element with the right `lang`, and its QR code decodes to the live page. Bad
parameters get a clear 4xx, never a 500; sheets are noindex and not in the sitemap.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import zxingcpp
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from bench.heavy import make_heavy_procedure
from config import languages
from editorial.models import Status
from editorial.text import localized
from editors.content_loader import CONTENT_DIR
from guides.models import Procedure
from operators.models import Operator
from printing import options as print_options
from printing import pdf as print_pdf
from printing import sheet as print_sheet
from serving import results, versions
from tests.factories import OperatorFactory, ProcedureFactory, RequiredDocumentFactory, StepFactory
from tests.html import tags
from tests.origin import SITE_URL

pytestmark = pytest.mark.django_db

SHIPPED_OPERATORS = sorted(path.stem for path in (CONTENT_DIR / "operators").glob("*.yaml"))
# Each language alone, then the pairs the sheet's header offers.
VARIANTS = [(code, None) for code in languages.CODES] + list(print_options.LANGUAGE_PAIRS)
QUERY_BUDGET = 8


def sheet_url(operator: str, code: str, second: str | None = None, procedure: str | None = None, pdf=False) -> str:
    route = "print.pdf" if pdf else "print/"
    return f"/{code}/operators/{operator}/{route}" + print_options.sheet_query(procedure=procedure, second=second)


# -- reading the sheet the way a reader (or a screen reader) would ----------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _SheetText(HTMLParser):
    """Text nodes with their language (the nearest `lang`), leaving out the on-screen
    toolbar and the QR code's SVG, which are not part of the printed sheet."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # tag, lang, left out
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        attrs = dict(attrs)
        lang, hidden = (self.stack[-1][1], self.stack[-1][2]) if self.stack else ("", False)
        hidden = hidden or tag in ("svg", "head") or "toolbar" in (attrs.get("class") or "").split()
        self.stack.append((tag, attrs.get("lang") or lang, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.stack and not self.stack[-1][2]:
            self.texts.append((text, self.stack[-1][1]))


def sheet_texts(html: str) -> list[tuple[str, str]]:
    parser = _SheetText()
    parser.feed(html)
    return parser.texts


def sheet_characters(html: str) -> set[str]:
    """Every character the printed sheet shows (for the PDF's font-coverage test)."""
    return {char for text, _lang in sheet_texts(html) for char in text if not char.isspace()}


def qr_payload(html: str) -> str:
    """Decode the sheet's QR code: segno's SVG path back to modules, then a real decoder."""
    svg = re.search(r'<svg[^>]*class="qr-code"[^>]*>.*?</svg>', html, re.S)
    assert svg, "no QR code on the sheet"
    width, height = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg.group()).groups())
    path = re.search(r' d="([^"]+)"', svg.group()).group(1)
    image = Image.new("L", (width, height), 255)
    x = y = 0.0
    # segno draws each row's dark runs: "M x y" (absolute), "m dx dy" (relative), "h n" (a run).
    for command, numbers in re.findall(r"([MmHh])([^MmHh]*)", path):
        values = [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", numbers)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            run = values[0] if command == "h" else values[0] - x
            for column in range(int(x), int(x + run)):
                image.putpixel((column, int(y)), 0)
            x += run
    results = zxingcpp.read_barcodes(image.resize((width * 8, height * 8), Image.NEAREST))
    assert len(results) == 1, "the QR code does not decode"
    return results[0].text


# -- every shipped operator, every language and pair -------------------------------------


@pytest.mark.parametrize("operator_slug", SHIPPED_OPERATORS)
def test_every_shipped_sheet_holds_every_step_and_document_in_each_language(client, shipped_content, operator_slug):
    operator = Operator.objects.get(slug=operator_slug)
    procedures = list(
        Procedure.objects.published()
        .filter(operator=operator)
        .prefetch_related("steps", "required_documents__document")
    )
    assert procedures, "the shipped content has procedures for every operator"
    for code, second in VARIANTS:
        url = sheet_url(operator_slug, code, second)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{code}">' in html, url
        found = set(sheet_texts(html))
        for sheet_code in filter(None, (code, second)):
            for procedure in procedures:
                expected = [localized(procedure, "title", sheet_code)]
                expected += [localized(step, "title", sheet_code) for step in procedure.steps.all()]
                expected += [
                    localized(required.document, "name", sheet_code) for required in procedure.required_documents.all()
                ]
                expected.append(print_sheet.pointing_sentence(kind=procedure.kind, code=sheet_code))
                for value in expected:
                    assert (value.text, value.lang) in found, (
                        f"{url}: {value.text!r} not in an element lang={value.lang}"
                    )
        assert qr_payload(html) == f"{SITE_URL}/{code}/operators/{operator_slug}/", url


def test_a_narrowed_sheet_holds_one_procedure_and_its_qr_code_points_at_it(client, shipped_content):
    procedures = list(Procedure.objects.published().filter(operator__slug="kcell"))
    chosen, others = procedures[0], procedures[1:]
    html = client.get(sheet_url("kcell", "ru", "zh-hans", chosen.slug)).content.decode()
    texts = {text for text, _lang in sheet_texts(html)}
    assert localized(chosen, "title", "ru").text in texts
    assert localized(chosen, "title", "zh-hans").text in texts
    assert not any(localized(other, "title", "ru").text in texts for other in others)
    assert qr_payload(html) == f"{SITE_URL}/ru/operators/kcell/{chosen.slug}/"


# -- the page around the sheet ----------------------------------------------------------


@pytest.fixture
def no_cache(settings):
    # Count and see real work: the page cache is tested in test_cache.py.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def kcell(db):
    operator = OperatorFactory(slug="kcell", name="Kcell")
    cancel = ProcedureFactory(operator=operator, slug="cancel", kind="cancel", with_steps=2)
    RequiredDocumentFactory(procedure=cancel, audience="citizen")
    ProcedureFactory(operator=operator, slug="suspend", kind="suspend", with_steps=1)
    ProcedureFactory(operator=operator, slug="draft", status=Status.DRAFT, with_steps=1)
    return operator


@pytest.mark.parametrize("code", languages.CODES)
def test_sheet_is_noindex_with_canonical_to_the_operator_page_and_no_site_navigation(client, kcell, code):
    for url in (sheet_url("kcell", code), sheet_url("kcell", code, procedure="cancel")):
        response = client.get(url)
        html = response.content.decode()
        assert tags(html, "meta", name="robots", content="noindex"), url
        assert response["X-Robots-Tag"] == "noindex"
        assert [link["href"] for link in tags(html, "link", rel="canonical")] == [f"{SITE_URL}/{code}/operators/kcell/"]
        assert 'class="site-header"' not in html and "site-search" not in html


def test_print_pages_are_not_in_the_sitemap(client, kcell):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/operators/kcell/" in sitemap
    assert "print" not in sitemap


@pytest.mark.parametrize("code", languages.CODES)
def test_header_offers_the_pairs_with_this_language_the_pdf_and_a_way_back(client, kcell, code):
    html = client.get(sheet_url("kcell", code, procedure="cancel")).content.decode()
    toolbar = html.split('class="toolbar"', 1)[1].split("</header>", 1)[0]
    links = {a["href"] for a in tags(toolbar, "a")}
    assert sheet_url("kcell", code, procedure="cancel") not in links  # the current choice is not a link
    for partner in print_options.partner_codes(code=code):
        assert sheet_url("kcell", code, partner, "cancel") in links
    assert sheet_url("kcell", code, procedure="cancel", pdf=True) in links
    assert f"/{code}/operators/kcell/cancel/" in links
    assert sheet_url("kcell", code) in links  # the whole operator's sheet
    assert '<strong aria-current="page">' in toolbar


def test_partners_are_the_pairs_of_the_design():
    assert print_options.partner_codes(code="zh-hans") == ["ru", "kk"]
    assert print_options.partner_codes(code="en") == ["ru"]
    assert print_options.partner_codes(code="kk") == ["zh-hans", "ru"]
    assert print_options.partner_codes(code="ru") == ["zh-hans", "en", "kk"]


def test_bilingual_sheet_marks_each_column_with_its_language(client, kcell):
    html = client.get(sheet_url("kcell", "zh-hans", "ru")).content.decode()
    assert 'class="sheet bilingual"' in html
    step = kcell.procedures.get(slug="cancel").steps.first()
    texts = set(sheet_texts(html))
    assert (step.title_zh_hans, "zh-hans") in texts
    assert (step.title_ru, "ru") in texts


def test_every_kind_of_procedure_has_a_pointing_sentence():
    assert set(print_sheet.POINTING_SENTENCES) == set(Procedure.Kind.values)


def test_an_untranslated_sentence_is_marked_as_english(settings):
    # A msgid no catalog has: the sheet must not claim it is Russian.
    sentence = print_sheet.translated(message="A sentence no catalog has yet.", code="ru")
    assert (sentence.text, sentence.lang, sentence.wanted) == ("A sentence no catalog has yet.", "en", "ru")
    assert sentence.is_fallback
    english = print_sheet.translated(message="A sentence no catalog has yet.", code="en")
    assert not english.is_fallback


def test_services_to_unlink_are_listed_once_each(client, kcell):
    html = client.get(sheet_url("kcell", "en", "ru")).content.decode()
    services = html.split('id="services-heading"', 1)[1].split("</section>", 1)[0]
    for name in ("Kaspi", "Halyk", "eGov", "WhatsApp", "Telegram", "WeChat", "Alipay"):
        assert services.count(name) == 1, name
    assert services.count('class="box"') == len(print_sheet.UNLINK_SERVICES)
    assert services.count('class="write-in"') == 1


def test_unverified_content_says_so_and_verified_content_gives_the_date(client, kcell, no_cache):
    html = client.get(sheet_url("kcell", "en", procedure="cancel")).content.decode()
    assert "Not yet verified." in html
    procedure = kcell.procedures.get(slug="cancel")
    procedure.verified_on = "2025-03-04"
    procedure.save()
    html = client.get(sheet_url("kcell", "en", procedure="cancel")).content.decode()
    assert "Last verified on 4 March 2025" in html


def test_operator_and_procedure_pages_link_to_the_sheet_and_the_pdf(client, kcell):
    operator_page = client.get("/ru/operators/kcell/").content.decode()
    assert {"/ru/operators/kcell/print/", "/ru/operators/kcell/print.pdf"} <= {
        a["href"] for a in tags(operator_page, "a")
    }
    procedure_page = client.get("/ru/operators/kcell/cancel/").content.decode()
    assert {"/ru/operators/kcell/print/?procedure=cancel", "/ru/operators/kcell/print.pdf?procedure=cancel"} <= {
        a["href"] for a in tags(procedure_page, "a")
    }


def test_fallback_text_keeps_its_own_language_on_the_sheet(client, kcell, no_cache):
    step = kcell.procedures.get(slug="cancel").steps.first()
    step.title_kk = ""
    step.save()
    html = client.get(sheet_url("kcell", "kk", "ru", "cancel")).content.decode()
    texts = set(sheet_texts(html))
    assert (step.title_ru, "ru") in texts  # the Kazakh column shows the Russian fallback, marked ru


# -- bad parameters: a clear 4xx in the visitor's language, never a 500 ------------------

BAD_REQUESTS = [
    ("?with=xx", 400),
    ("?with=ru", 400),  # the page's own language
    ("?with=en&with=kk", 400),
    ("?procedure=cancel&procedure=suspend", 400),
    ("?with=" + "x" * 5000, 400),
    ("?procedure=" + "a" * 5000, 400),
    ("?procedure=missing", 404),
    ("?procedure=draft", 404),  # not published
    ("?procedure=%ff%fe", 404),  # (a control character such as %00 is a 400 before: test_canonical.py)
    ("?with=zh-hant", 400),
]


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
@pytest.mark.parametrize(("query", "status"), BAD_REQUESTS)
def test_bad_parameters_get_a_clear_answer(client, kcell, query, status, pdf):
    response = client.get(f"/ru/operators/kcell/{'print.pdf' if pdf else 'print/'}{query}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == "ru"
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert tags(html, "meta", name="robots", content="noindex")
    # The answer offers the sheets that do exist and the way back.
    hrefs = {a["href"] for a in tags(html, "a")}
    assert {"/ru/operators/kcell/print/", "/ru/operators/kcell/print/?with=zh-hans", "/ru/operators/kcell/"} <= hrefs


def test_a_missing_procedure_is_named_in_the_answer(client, kcell):
    html = client.get("/en/operators/kcell/print/?procedure=no-such-thing").content.decode()
    assert "Kcell has no published procedure “no-such-thing”" in html


def test_unknown_or_inactive_operators_are_not_found(client, kcell, no_cache):
    assert client.get("/en/operators/nobody/print/").status_code == 404
    assert client.get("/en/operators/nobody/print.pdf").status_code == 404
    kcell.active = False
    kcell.save()
    assert client.get("/en/operators/kcell/print/").status_code == 404


def test_unknown_parameters_are_ignored_and_codes_are_read_case_insensitively(client, kcell):
    assert client.get("/en/operators/kcell/print/?utm_source=telegram&fbclid=x").status_code == 200
    html = client.get("/en/operators/kcell/print/?with=RU").content.decode()
    assert 'class="sheet bilingual"' in html


def test_a_procedure_slug_named_print_still_reaches_the_sheet(client, kcell):
    # The print routes come before the procedure route; "print" is a reserved slug.
    assert client.get("/en/operators/kcell/print/").templates[0].name == "printing/sheet.html"


# -- what it costs ------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_sheet_queries_do_not_grow_with_procedures_steps_and_documents(client, no_cache, django_assert_max_num_queries):
    small = OperatorFactory(slug="small")
    ProcedureFactory(operator=small, with_steps=1, with_documents=1)
    large = OperatorFactory(slug="large")
    for n in range(8):
        ProcedureFactory(operator=large, kind=Procedure.Kind.values[n % 6], with_steps=6, with_documents=4)
    make_heavy_procedure(operator=large, steps=40, documents=30)
    small_count = count_queries(client, sheet_url("small", "zh-hans", "ru"))
    with django_assert_max_num_queries(small_count):
        client.get(sheet_url("large", "zh-hans", "ru"))
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(sheet_url("large", "kk"))


# -- WeasyPrint stays out of everything but the PDF ----------------------------------------


def test_importing_the_site_does_not_import_weasyprint():
    code = (
        "import sys, django; django.setup(); "
        "import config.urls, printing.views, printing.sheet; "
        "from django.urls import resolve; resolve('/en/operators/kcell/print.pdf'); "
        "sys.exit('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(settings.BASE_DIR),
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_without_weasyprint_pages_work_and_the_pdf_says_why_not(client, kcell, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a server without Pango
    assert client.get(sheet_url("kcell", "en")).status_code == 200
    assert client.get("/en/operators/kcell/").status_code == 200
    response = client.get(sheet_url("kcell", "en", pdf=True))
    assert response.status_code == 503
    assert "PDFs can&#x27;t be made on this server right now" in response.content.decode()


def test_steps_and_documents_added_later_show_on_the_sheet(client, kcell, no_cache):
    procedure = kcell.procedures.get(slug="suspend")
    step = StepFactory(procedure=procedure, order=9)
    html = client.get(sheet_url("kcell", "en", procedure="suspend")).content.decode()
    assert step.title_en in html


# -- one render per sheet, however many ask at once ---------------------------------------


def held_pdf_lock(code: str = "en") -> str:
    """Take the render lock of kcell's plain PDF sheet, as another worker rendering it would."""
    from django.core.cache import cache

    parts = (SITE_URL, "kcell", code, "", timezone.localdate().isoformat())
    key = results.remembered_key(name="print-pdf", parts=parts, version=versions.current_version())
    cache.add(f"{key}:rendering", 1, 30)
    return key


def test_a_request_waits_for_the_render_already_running_instead_of_starting_another(client, kcell, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(print_pdf, "RENDER_POLL_SECONDS", 0.01)
    monkeypatch.setattr(print_pdf, "render_pdf", lambda **kwargs: pytest.fail("rendered twice"))
    key = held_pdf_lock()
    real_get, polls = cache.get, []

    def other_render_finishes(asked):
        polls.append(asked)
        if len(polls) == 3:
            cache.set(key, b"%PDF-rendered-by-the-other-worker")
        return real_get(asked)

    monkeypatch.setattr(cache, "get", other_render_finishes)
    response = client.get(sheet_url("kcell", "en", pdf=True))
    assert response.status_code == 200
    assert response.content == b"%PDF-rendered-by-the-other-worker"


@pytest.mark.parametrize("code", languages.CODES)
def test_a_render_that_never_finishes_gets_a_503_not_a_pile_of_renders(client, kcell, monkeypatch, code):
    monkeypatch.setattr(print_pdf, "RENDER_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(print_pdf, "RENDER_POLL_SECONDS", 0.01)
    monkeypatch.setattr(print_pdf, "render_pdf", lambda **kwargs: pytest.fail("rendered while another render runs"))
    held_pdf_lock(code)
    response = client.get(sheet_url("kcell", code, pdf=True))
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    with translation.override(code):
        expected = gettext("Many people are downloading this sheet right now. Please try again in a minute.")
    assert escape(expected) in response.content.decode()


def test_a_failed_render_releases_its_lock():
    from django.core.cache import cache

    def broken():
        raise RuntimeError("boom")

    remember = {"name": "sheet", "parts": ("kcell",), "seconds": 60, "wait": 1, "poll": 0.01}
    with pytest.raises(RuntimeError):
        results.remember(produce=broken, **remember)
    key = results.remembered_key(name="sheet", parts=("kcell",), version=versions.current_version())
    assert cache.get(f"{key}:rendering") is None
    assert results.remember(produce=lambda: b"%PDF-ok", **remember) == b"%PDF-ok"
    assert results.remember(produce=lambda: pytest.fail("rendered twice"), **remember) == b"%PDF-ok"
