"""The print sheet as a PDF (WeasyPrint): its text, its fonts, its pages, its cache.

Page budgets (README, "Printing"): one procedure in one language fits one A4 page; with
a second language, two; a whole operator's sheet (the six shipped procedures) at most
WHOLE_SHEET_PAGES[one language / two]. Page count grows with the amount of text, so each
budget is checked on the heaviest sheets of the shipped content for every language and
pair (a full matrix is 288 renders; tests/printing/test_sheet.py already checks every
sheet's content as HTML).
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from functools import cache

import pytest
from django.core.cache import cache as django_cache
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from config import languages
from editorial.text import localized
from editors.content_loader import load_content
from guides.models import Procedure, Step
from operators.models import Operator
from printing import pdf as print_pdf
from tests.printing.test_sheet import VARIANTS, sheet_characters, sheet_texts, sheet_url

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ONE_PROCEDURE_PAGES = {1: 1, 2: 2}  # languages on the sheet → A4 pages at most
WHOLE_SHEET_PAGES = {1: 5, 2: 9}  # measured at most 5 and 8 (README)
HEAVIEST_CHECKED = 2  # sheets per language or pair whose page count is checked

# The only fonts a sheet may embed (print.css names no other family), and the
# fontconfig pattern of the system font each one is a subset of.
ALLOWED_FONTS = {
    "Noto-Sans": "Noto Sans:style=Regular",
    "Noto-Sans-Bold": "Noto Sans:style=Bold",
    "Noto-Sans-CJK-SC": "Noto Sans CJK SC:style=Regular",
    "Noto-Sans-CJK-SC-Bold": "Noto Sans CJK SC:style=Bold",
}


@pytest.fixture
def loaded_here():
    """The shipped content loaded by the test itself (a transactional test can't share it)."""
    load_content()


def pdf_of(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    # Line breaks, spaces between runs and ligatures (ﬃ for ffi) are how a PDF sets
    # text, not what it says.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(pdf: bytes) -> str:
    return squeezed("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


# -- fonts ------------------------------------------------------------------------------


def _to_unicode(stream: bytes) -> set[str]:
    """The characters a font's ToUnicode CMap maps its glyphs to (bfchar and bfrange)."""
    text = stream.decode("latin-1")
    chars: set[str] = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for _glyph, unicode in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            chars.update(bytes.fromhex(unicode).decode("utf-16-be"))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = ord(bytes.fromhex(start).decode("utf-16-be"))
            chars.update(chr(first + n) for n in range(int(high, 16) - int(low, 16) + 1))
    return chars


def embedded_fonts(pdf: bytes) -> dict[str, dict]:
    """Each font of the PDF (subset tag dropped): whether its program is embedded, and the
    characters drawn with it."""
    fonts: dict[str, dict] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            entry = fonts.setdefault(name, {"embedded": True, "chars": set()})
            entry["embedded"] &= any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            if "/ToUnicode" in font:
                entry["chars"] |= _to_unicode(font["/ToUnicode"].get_object().get_data())
    return fonts


@cache
def system_font_cmap(pattern: str) -> frozenset[int]:
    """The code points the installed font (found by fontconfig, as WeasyPrint finds it) has."""
    found = subprocess.run(
        ["fc-match", "--format=%{file}\n%{index}", pattern], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return frozenset(TTFont(found[0], fontNumber=int(found[1] or 0)).getBestCmap())


def font_problems(pdf: bytes, sheet_chars: set[str]) -> list[str]:
    """Why the PDF's text would not render or copy correctly; empty when all is well."""
    problems = []
    fonts = embedded_fonts(pdf)
    drawn: set[str] = set()
    for name, font in sorted(fonts.items()):
        drawn |= font["chars"]
        if name not in ALLOWED_FONTS:
            problems.append(f"fallback font {name} used for {''.join(sorted(font['chars']))!r}")
            continue
        if not font["embedded"]:
            problems.append(f"{name} is not embedded")
        missing = {char for char in font["chars"] if ord(char) not in system_font_cmap(ALLOWED_FONTS[name])}
        if missing:
            problems.append(f"{name} has no glyph for {''.join(sorted(missing))!r}")
    not_drawn = {char for char in sheet_chars if char not in drawn}
    if not_drawn:
        problems.append(f"characters of the sheet missing from the PDF's fonts: {''.join(sorted(not_drawn))!r}")
    return problems


@pytest.mark.parametrize(("code", "second"), [("zh-hans", "kk"), ("kk", "ru"), ("en", "ru")])
def test_embedded_fonts_cover_every_character_of_the_sheet(client, shipped_content, code, second):
    pdf = pdf_of(client, sheet_url("kcell", code, second, pdf=True))
    html = client.get(sheet_url("kcell", code, second)).content.decode()
    problems = font_problems(pdf, sheet_characters(html))
    assert not problems, "The PDF's fonts don't cover the sheet (install fonts-noto-core and fonts-noto-cjk):\n" + (
        "\n".join(problems)
    )


def test_the_font_check_fails_loudly_on_a_character_no_font_has():
    # U+2610 (a ballot box) is in neither Noto Sans nor Noto Sans CJK: fontconfig falls
    # back to some other font, or to none. Either way the check must say so.
    html = '<html lang="en"><body><p>Tick ☐ and 注销 and Қазақ</p></body></html>'
    pdf = print_pdf.render_pdf(html=html, base_url="https://example.org")
    problems = font_problems(pdf, set("Tick☐and注销Қазақ"))
    assert problems and "☐" in "\n".join(problems)


# -- text -------------------------------------------------------------------------------


def test_pdf_text_holds_the_chinese_kazakh_and_russian_step_titles(client, shipped_content):
    kcell = Operator.objects.get(slug="kcell")
    steps = list(Step.objects.filter(procedure__operator=kcell, procedure__status="published"))
    zh_kk = pdf_text(pdf_of(client, sheet_url("kcell", "zh-hans", "kk", pdf=True)))
    kk_ru = pdf_text(pdf_of(client, sheet_url("kcell", "kk", "ru", pdf=True)))
    for step in steps:
        assert squeezed(step.title_zh_hans) in zh_kk, step.title_zh_hans
        assert squeezed(step.title_kk) in zh_kk, step.title_kk
        assert squeezed(step.title_ru) in kk_ru, step.title_ru


def test_pdf_response_is_an_inline_pdf_with_a_sensible_name_and_noindex(client, shipped_content):
    response = client.get(sheet_url("kcell", "zh-hans", "ru", "cancel-in-person", pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="kz-sim-guide-kcell-cancel-in-person-zh-hans-ru.pdf"'
    assert response["X-Robots-Tag"] == "noindex"
    assert response.content.startswith(b"%PDF-")
    title = PdfReader(io.BytesIO(response.content)).metadata.title
    assert title.startswith("Kcell") and "\n" not in title


# -- page budgets -----------------------------------------------------------------------


def _sheet_weight(client, url: str) -> int:
    # How much the sheet prints: characters plus a line's worth for every block.
    texts = sheet_texts(client.get(url).content.decode())
    return sum(len(text) for text, _lang in texts) + 40 * len(texts)


def _heaviest(client, urls: list[str]) -> list[str]:
    return sorted(urls, key=lambda url: _sheet_weight(client, url), reverse=True)[:HEAVIEST_CHECKED]


@pytest.mark.parametrize(("code", "second"), VARIANTS)
def test_one_procedure_fits_its_page_budget(client, shipped_content, code, second):
    sheets = [
        sheet_url(procedure.operator.slug, code, second, procedure.slug)
        for procedure in Procedure.objects.published().select_related("operator")
    ]
    budget = ONE_PROCEDURE_PAGES[2 if second else 1]
    for url in _heaviest(client, sheets):
        count = pages(pdf_of(client, url.replace("/print/", "/print.pdf")))
        assert count <= budget, f"{url}: {count} A4 pages, budget {budget}"


@pytest.mark.parametrize(("code", "second"), VARIANTS)
def test_a_whole_operator_sheet_fits_its_page_budget(client, shipped_content, code, second):
    sheets = [sheet_url(operator.slug, code, second) for operator in Operator.objects.active()]
    budget = WHOLE_SHEET_PAGES[2 if second else 1]
    for url in _heaviest(client, sheets)[:1]:
        count = pages(pdf_of(client, url.replace("/print/", "/print.pdf")))
        assert count <= budget, f"{url}: {count} A4 pages, budget {budget}"


# -- cache ------------------------------------------------------------------------------


@pytest.fixture
def count_renders(monkeypatch):
    import weasyprint

    calls = []
    write_pdf = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        calls.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return calls


def test_a_second_request_is_served_from_the_cache(client, shipped_content, count_renders):
    url = sheet_url("kcell", "ru", "zh-hans", "cancel-in-person", pdf=True)
    first = pdf_of(client, url)
    second = pdf_of(client, url)
    # Junk parameters and another spelling of the same sheet share the cached PDF.
    third = pdf_of(client, url.replace("?", "?utm_source=telegram&").replace("zh-hans", "ZH-Hans"))
    assert first == second == third
    assert len(count_renders) == 1


@pytest.mark.django_db(transaction=True)  # the content version is published on commit
def test_a_content_change_makes_a_new_pdf(client, loaded_here, count_renders):
    url = sheet_url("kcell", "en", procedure="cancel-in-person", pdf=True)
    pdf_of(client, url)
    step = Step.objects.filter(procedure__operator__slug="kcell", procedure__slug="cancel-in-person").first()
    step.title_en = "Decide whether you really need to cancel"
    step.save()
    assert squeezed(step.title_en) in pdf_text(pdf_of(client, url))
    assert len(count_renders) == 2


def test_without_a_cache_every_request_renders(client, shipped_content, count_renders, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    django_cache.clear()
    url = sheet_url("kcell", "en", procedure="cancel-in-person", pdf=True)
    pdf_of(client, url)
    pdf_of(client, url)
    assert len(count_renders) == 2


@pytest.mark.parametrize("code", languages.CODES)
def test_the_pdf_opens_with_the_procedure_title_in_the_page_language(client, shipped_content, code):
    procedure = Procedure.objects.published().get(operator__slug="izi", kind="cancel")
    pdf = pdf_of(client, sheet_url("izi", code, procedure=procedure.slug, pdf=True))
    first_page = squeezed(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert squeezed(localized(procedure, "title", code).text) in first_page
