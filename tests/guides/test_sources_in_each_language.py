"""Sources in the reader's language (issue 15): titles in four languages, and links to the
publisher's page in the reader's language or the nearest fallback, marked when it is not."""

from __future__ import annotations

import re

import polib
import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from config import languages
from editorial.completeness import missing_fields
from editorial.links import localized_link
from editorial.shipped import CONTENT_DIR
from editors.content_loader import load_content
from editors.translation_export import export_language
from guides.models import LoadedContent, Procedure, Source
from operators.models import Operator
from tests.factories import OperatorFactory, ProcedureFactory, SourceFactory
from tests.html import tags

pytestmark = pytest.mark.django_db

KCELL_FORMS = "https://www.kcell.kz/kk/product/documents"  # Kazakh; the English page exists too
ADILET_ORDER = "https://adilet.zan.kz/eng/docs/V1600013195"  # English; Kazakh and Russian exist
BEELINE_OFFER = "https://www.beeline.kz/kk-kz/almaty/customers/Help/help_mobile/Blanki-dokumenty/oferta"  # Kazakh only

# The visible note after a link to a page in another language, in the reader's language.
NOTES = {
    "en": {"en": None, "kk": "page in Kazakh"},
    "ru": {"en": "страница на английском", "kk": "страница на казахском"},
    "kk": {"en": "ағылшынша бет"},
    "zh-hans": {"en": "英文页面", "kk": "哈萨克文页面"},
}


def bracketed(code: str, note: str) -> str:
    """A link's language note as the page writes it: full-width brackets in Chinese."""
    return f"（{note}）" if code == "zh-hans" else f"({note})"


def page(client, code: str, operator: str, procedure: str) -> str:
    with translation.override(code):
        url = reverse("guides:procedure", args=[operator, procedure])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def anchor(html: str, href: str) -> dict[str, str]:
    found = [a for a in tags(html, "a") if a.get("href") == href]
    assert found, f"no link to {href}"
    return found[0]


# -- Choosing the address ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "href", "lang"),
    [
        ("kk", "https://example.kz/kk/forms", "kk"),
        ("ru", "https://example.kz/en/forms", "en"),  # ru → en
        ("en", "https://example.kz/en/forms", "en"),
        ("zh-hans", "https://example.kz/en/forms", "en"),  # zh-hans → en → ru
    ],
)
def test_a_page_read_in_kazakh_with_an_english_version(code, href, lang):
    source = Source(url="https://example.kz/kk/forms", language="kk", link_en="https://example.kz/en/forms")
    link = localized_link(source, default=source.url, default_lang=source.language, code=code)
    assert (link.href, link.lang) == (href, lang)
    assert link.is_other_language == (lang != code)


@pytest.mark.parametrize(
    ("code", "href", "lang"),
    [
        ("kk", "https://example.kz/kk/law", "kk"),
        ("ru", "https://example.kz/ru/law", "ru"),
        ("en", "https://example.kz/en/law", "en"),
        ("zh-hans", "https://example.kz/en/law", "en"),
    ],
)
def test_a_page_read_in_english_with_kazakh_and_russian_versions(code, href, lang):
    source = Source(
        url="https://example.kz/en/law",
        language="en",
        link_ru="https://example.kz/ru/law",
        link_kk="https://example.kz/kk/law",
    )
    assert (source.localized_link(code).href, source.localized_link(code).lang) == (href, lang)


def test_russian_before_english_for_a_kazakh_reader_and_the_page_itself_last():
    source = Source(url="https://example.kz/zh", language="zh-hans", link_en="https://example.kz/en")
    assert source.localized_link("kk").href == "https://example.kz/en"  # kk → ru → en
    source.link_ru = "https://example.kz/ru"
    assert source.localized_link("kk").href == "https://example.kz/ru"
    alone = Source(url="https://example.kz/zh", language="zh-hans")
    assert (alone.localized_link("kk").href, alone.localized_link("kk").lang) == ("https://example.kz/zh", "zh-hans")


def test_a_page_of_unknown_language_is_not_marked():
    source = Source(url="https://example.kz/page")
    link = source.localized_link("ru")
    assert (link.href, link.lang, link.is_other_language) == ("https://example.kz/page", "", False)


def test_an_operator_website_in_the_readers_language_else_the_site_itself():
    operator = Operator(website="https://operator.kz/", link_kk="https://operator.kz/kk/")
    assert (operator.localized_website("kk").href, operator.localized_website("kk").lang) == (
        "https://operator.kz/kk/",
        "kk",
    )
    # The home page picks its language itself: not marked as any.
    assert (operator.localized_website("en").href, operator.localized_website("en").lang) == (
        "https://operator.kz/",
        "",
    )


# -- What readers see on the shipped content -------------------------------------------


@pytest.mark.parametrize("code", languages.CODES)
def test_every_shipped_source_has_its_title_and_publisher_in_every_language(shipped_content, code):
    for source in Source.objects.all():
        assert not missing_fields(source, code), (source.url, code)
        assert getattr(source, languages.field_name("title", code)), (source.url, code)


@pytest.mark.parametrize(
    ("code", "href", "lang"),
    [
        ("kk", KCELL_FORMS, "kk"),
        ("ru", "https://www.kcell.kz/ru/product/documents", "ru"),
        ("en", "https://www.kcell.kz/en/product/documents", "en"),
        ("zh-hans", "https://www.kcell.kz/en/product/documents", "en"),
    ],
)
def test_a_procedure_page_shows_its_source_in_the_readers_language(client, shipped_content, code, href, lang):
    source = Source.objects.get(url=KCELL_FORMS)
    html = page(client, code, "kcell", "cancel-in-person")
    link = anchor(html, href)
    assert link["hreflang"] == lang
    title = getattr(source, languages.field_name("title", code))
    assert title in html
    # The link's text is the title in the reader's language, unmarked.
    assert re.search(
        rf'<a href="{re.escape(href)}" hreflang="{lang}" rel="noopener noreferrer">{re.escape(title)}</a>', html
    )
    note = NOTES[code].get(lang)
    if lang == code:
        assert not re.search(rf"{re.escape(title)}</a>\s*<small", html)
    else:
        assert f'<small class="link-language">{bracketed(code, note)}</small>' in html


@pytest.mark.parametrize(
    ("code", "href", "lang"),
    [
        ("kk", "https://adilet.zan.kz/kaz/docs/V1600013195", "kk"),
        ("ru", "https://adilet.zan.kz/rus/docs/V1600013195", "ru"),
        ("en", ADILET_ORDER, "en"),
        ("zh-hans", ADILET_ORDER, "en"),
    ],
)
def test_the_law_is_linked_in_the_readers_language(client, shipped_content, code, href, lang):
    html = page(client, code, "beeline", "cancel-in-person")
    assert anchor(html, href)["hreflang"] == lang
    assert ADILET_ORDER not in html or code in ("en", "zh-hans")


@pytest.mark.parametrize("code", ["en", "ru", "zh-hans"])
def test_a_page_only_in_kazakh_is_linked_and_says_so(client, shipped_content, code):
    html = page(client, code, "beeline", "block-lost-sim")
    assert anchor(html, BEELINE_OFFER)["hreflang"] == "kk"
    assert f'<small class="link-language">{bracketed(code, NOTES[code]["kk"])}</small>' in html


@pytest.mark.parametrize(
    ("code", "href"),
    [
        ("kk", "https://www.kcell.kz/kk/"),
        ("ru", "https://www.kcell.kz/ru/"),
        ("en", "https://www.kcell.kz/en/"),
        ("zh-hans", "https://www.kcell.kz/en/"),
    ],
)
def test_the_operators_website_in_the_readers_language(client, shipped_content, code, href):
    with translation.override(code):
        url = reverse("operators:detail", args=["kcell"])
    html = client.get(url).content.decode()
    link = anchor(html, href)
    assert link["hreflang"] == {"kk": "kk", "ru": "ru"}.get(code, "en")


@pytest.mark.parametrize(
    ("code", "href", "lang"),
    [("kk", "https://op.example.kz/kk/contacts", "kk"), ("ru", "https://op.example.kz/contacts", None)],
)
def test_a_contact_page_in_the_readers_language(client, code, href, lang):
    operator = OperatorFactory(slug="op")
    operator.contacts.create(
        kind="contacts_page", value="https://op.example.kz/contacts", link_kk="https://op.example.kz/kk/contacts"
    )
    with translation.override(code):
        url = reverse("operators:detail", args=["op"])
    link = anchor(client.get(url).content.decode(), href)
    assert link.get("hreflang") == lang


def test_shipped_markdown_links_lead_to_the_source_in_the_texts_language(shipped_content):
    """A text's own links to a source's page point at its version in that text's language
    where there is one (kk text → kcell.kz/kk/…, en text → kcell.kz/en/…)."""
    by_address = {}
    for source in Source.objects.all():
        for address in [source.url, *(getattr(source, f"link_{s.field_suffix}") for s in languages.LANGUAGES)]:
            if address:
                by_address[address] = source
    wrong = []
    for procedure in Procedure.objects.prefetch_related("steps"):
        for code in languages.CODES:
            texts = [getattr(procedure, languages.field_name("summary", code)) or ""]
            texts += [getattr(step, languages.field_name("body", code)) or "" for step in procedure.steps.all()]
            for address in re.findall(r"\]\((https?://[^)\s]+)\)", " ".join(texts)):
                if address in by_address and address != by_address[address].localized_link(code).href:
                    wrong.append((str(procedure), code, address))
    assert not wrong


# -- Editors and translators -------------------------------------------------------------


def test_loading_twice_changes_no_source(shipped_content):
    before = list(Source.objects.order_by("url").values())
    report = load_content()
    assert not [key for key in report.updated + report.created if key.startswith("source:")]
    assert list(Source.objects.order_by("url").values()) == before


def test_an_editors_title_and_link_survive_a_reload(shipped_content, tmp_path):
    import shutil

    source = Source.objects.get(url=KCELL_FORMS)
    source.title_ru = "Правка редактора"
    source.link_ru = "https://www.kcell.kz/ru/product/documents"
    source.save()
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    data = yaml.safe_load((content / "sources.yaml").read_text(encoding="utf-8"))
    shipped = next(item for item in data if item["url"] == KCELL_FORMS)
    shipped["title"]["kk"] = "Жаңа атау"
    (content / "sources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = load_content(content)
    source.refresh_from_db()
    assert (source.title_ru, source.link_ru) == ("Правка редактора", "https://www.kcell.kz/ru/product/documents")
    assert f"source:{KCELL_FORMS}" in report.kept_editor_changes


def test_a_source_loaded_before_titles_were_translated_is_brought_up_to_date(shipped_content):
    """A database loaded by the previous release: one English title, recorded as such; the
    migration copied it into title_en. The next load fills in the other languages."""
    source = Source.objects.get(url=KCELL_FORMS)
    record = LoadedContent.objects.get(key=f"source:{KCELL_FORMS}")
    old_title = "Documents and forms (as loaded before)"
    record.data = {"url": KCELL_FORMS, "title": old_title, "publisher": "Kcell JSC", "accessed_on": "2026-11-01"}
    record.save()
    Source.objects.filter(pk=source.pk).update(
        title_en=old_title, title_ru=None, title_kk=None, title_zh_hans=None, link_en="", language=""
    )
    report = load_content()
    source.refresh_from_db()
    assert f"source:{KCELL_FORMS}" in report.updated
    assert source.title_kk and source.title_en != old_title and source.link_en and source.language == "kk"


def test_an_editors_title_from_before_titles_were_translated_is_kept(shipped_content):
    source = Source.objects.get(url=KCELL_FORMS)
    record = LoadedContent.objects.get(key=f"source:{KCELL_FORMS}")
    record.data = {
        "url": KCELL_FORMS,
        "title": "As shipped then",
        "publisher": "Kcell JSC",
        "accessed_on": "2026-11-01",
    }
    record.save()
    Source.objects.filter(pk=source.pk).update(title_en="An editor's title")
    report = load_content()
    source.refresh_from_db()
    assert f"source:{KCELL_FORMS}" in report.kept_editor_changes
    assert source.title_en == "An editor's title"


def test_translators_get_source_titles_and_publishers_but_no_addresses(shipped_content):
    po = polib.pofile(export_language(code="kk"))
    contexts = {entry.msgctxt for entry in po}
    assert f"source:{KCELL_FORMS}#title" in contexts
    assert f"source:{KCELL_FORMS}#publisher" in contexts
    assert not [context for context in contexts if context.endswith("#link") or "#link_" in context]


def test_a_link_in_one_language_is_not_a_missing_translation():
    source = SourceFactory(link_en="https://www.gov.kz/en/page")
    for code in languages.CODES:
        assert missing_fields(source, code) == []


# -- Queries ------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "not_read"), [("en", "_kk"), ("ru", "_zh_hans"), ("zh-hans", "_kk")])
def test_a_procedure_page_reads_no_link_of_a_language_it_cannot_show(client, code, not_read):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    procedure = ProcedureFactory(operator=OperatorFactory(), with_steps=1)
    procedure.sources.add(SourceFactory(link_kk="https://www.gov.kz/kk/x", link_zh_hans="https://www.gov.kz/x"))
    with translation.override(code):
        url = procedure.get_absolute_url()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    selected = " ".join(query["sql"].split(" FROM ")[0] for query in captured.captured_queries)
    assert f'"link{not_read}"' not in selected
