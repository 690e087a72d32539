"""The public pages a visitor sees, in every language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from config import languages
from editorial.models import Status
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EntryFactory,
    OperatorFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    SourceFactory,
)
from tests.html import tags

pytestmark = pytest.mark.django_db
ALL = pytest.mark.parametrize("code", languages.CODES)


@pytest.fixture
def site():
    """A small published site: two brands of one company, procedures, FAQ."""
    company = CompanyFactory(slug="kcell-jsc")
    kcell = OperatorFactory(slug="kcell", name="Kcell", company=company, support_short="455")
    activ = OperatorFactory(slug="activ", name="activ", company=company)
    cancel = ProcedureFactory(operator=kcell, slug="cancel", kind="cancel", with_steps=3)
    RequiredDocumentFactory(procedure=cancel, audience="citizen", document__slug="id-card")
    RequiredDocumentFactory(procedure=cancel, audience="foreign", document__slug="passport", optional=True)
    RequiredDocumentFactory(procedure=cancel, audience="representative", document__slug="poa")
    cancel.sources.add(SourceFactory(title="Kcell forms"))
    ProcedureFactory(operator=kcell, slug="suspend", kind="suspend", with_steps=1)
    ProcedureFactory(operator=activ, slug="cancel", kind="cancel", with_steps=1)
    ProcedureFactory(operator=kcell, slug="secret-draft", status=Status.DRAFT, with_steps=1)
    category = CategoryFactory(slug="cancelling")
    EntryFactory(category=category, slug="restore")
    EntryFactory(category=category, slug="draft-entry", status=Status.DRAFT)
    return {"kcell": kcell, "activ": activ, "cancel": cancel}


def page_urls(code):
    with translation.override(code):
        return {
            "home": reverse("guides:home"),
            "operators": reverse("operators:list"),
            "operator": reverse("operators:detail", args=["kcell"]),
            "procedure": reverse("guides:procedure", args=["kcell", "cancel"]),
            "faq": reverse("faq:index"),
            "search": reverse("guides:search") + "?q=cancel",
            "about": reverse("guides:about"),
        }


@ALL
def test_every_page_type_renders_in_every_language(client, site, code):
    for name, url in page_urls(code).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{code}">' in html, name
        assert response.headers["Content-Language"] == code


@ALL
def test_switcher_and_hreflang_point_at_the_same_page(client, site, code):
    for url in page_urls(code).values():
        html = client.get(url).content.decode()
        alternates = {link["hreflang"]: link["href"] for link in tags(html, "link", rel="alternate")}
        switcher = {a["hreflang"]: a["href"] for a in tags(html, "a") if "hreflang" in a}
        for other in languages.CODES:
            same_page = url.replace(f"/{code}/", f"/{other}/", 1)
            assert alternates[other] == f"http://testserver{same_page}"
            if other != code:
                assert switcher[other] == same_page
        assert alternates["x-default"] == "http://testserver" + url.replace(f"/{code}/", "/en/", 1)
        assert tags(html, "link", rel="canonical")[0]["href"] == f"http://testserver{url.split('?')[0]}"


def test_switcher_names_each_language_in_itself(client, site):
    html = client.get("/en/").content.decode()
    for name in ("简体中文", "Русский", "Қазақша", "English"):
        assert name in html


@pytest.mark.parametrize(
    ("code", "shown_from"),
    [("kk", "ru"), ("ru", "en"), ("zh-hans", "en"), ("en", "ru")],
)
def test_fallback_text_is_marked_with_its_language(client, site, code, shown_from):
    procedure = site["cancel"]
    for language in languages.CODES:
        setattr(procedure, languages.field_name("title", language), "")
    setattr(procedure, languages.field_name("title", shown_from), f"Title written in {shown_from}")
    procedure.save()
    html = client.get(page_urls(code)["procedure"]).content.decode()
    assert re.search(rf'<span lang="{shown_from}" class="fallback">Title written in {shown_from}</span>', html)
    with translation.override(code):
        note = translation.gettext("not yet translated; shown in the original language")
    assert note in html


def test_text_in_the_visitors_language_is_not_marked(client, site):
    html = client.get(page_urls("kk")["procedure"]).content.decode()
    assert 'class="fallback"' not in html


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


def test_operator_page_groups_procedures_and_shows_brands(client, site):
    html = client.get(page_urls("en")["operator"]).content.decode()
    assert html.index("Cancel the number") < html.index("Suspend the number")
    assert "/en/operators/activ/" in html  # another brand of the same company
    assert "secret-draft" not in html
    assert "These contacts" in html or "Not yet verified." in html


def test_faq_entries_have_anchors_and_drafts_stay_hidden(client, site):
    html = client.get(page_urls("ru")["faq"]).content.decode()
    assert 'id="restore"' in html
    assert 'href="#restore"' in html
    assert "draft-entry" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/operators/nope/",
        "/en/operators/kcell/nope/",
        "/en/operators/kcell/secret-draft/",
        "/de/operators/",
        "/xx/",
        "/en/operators/kcell/cancel/extra/",
    ],
)
def test_unknown_and_draft_content_is_404(client, site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@ALL
def test_404_speaks_the_visitors_language(client, site, code):
    response = client.get(f"/{code}/operators/nope/")
    assert response.status_code == 404
    with translation.override(code):
        assert translation.gettext("Page not found") in response.content.decode()
    assert f'<html lang="{code}">' in response.content.decode()


def test_inactive_operator_is_404(client, site):
    site["activ"].active = False
    site["activ"].save()
    assert client.get("/en/operators/activ/").status_code == 404
    assert client.get("/en/operators/activ/cancel/").status_code == 404


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-TW,zh;q=0.9", "/zh-hans/"),
        ("zh-HK", "/zh-hans/"),
        ("zh-CN", "/zh-hans/"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("kk", "/kk/"),
        ("de-DE,fr;q=0.8", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_sitemap_lists_only_real_translations(client, site):
    procedure = site["cancel"]
    procedure.title_kk = ""
    procedure.save()
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/operators/kcell/cancel/" in xml
    block = xml.split("<loc>http://testserver/en/operators/kcell/cancel/</loc>")[1].split("</url>")[0]
    assert 'hreflang="ru"' in block and 'hreflang="zh-hans"' in block
    assert 'hreflang="kk"' not in block
    assert 'hreflang="x-default"' in block
    assert "secret-draft" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_pages_carry_open_graph_and_description(client, site):
    html = client.get(page_urls("zh-hans")["procedure"]).content.decode()
    assert tags(html, "meta", property="og:locale")[0]["content"] == "zh_CN"
    assert tags(html, "meta", property="og:title")[0]["content"].startswith("Procedure")
    assert tags(html, "meta", name="description")[0]["content"]


def test_every_page_links_to_report_a_problem(client, site):
    for url in page_urls("en").values():
        assert "Report a problem with this page" in client.get(url).content.decode()


def test_no_third_party_requests_in_pages(client, site):
    for url in page_urls("en").values():
        html = client.get(url).content.decode()
        loaded = [
            *tags(html, "script"),
            *tags(html, "img"),
            *tags(html, "iframe"),
            *tags(html, "link", rel="stylesheet"),
        ]
        assert loaded, "the page loads at least its stylesheet"
        for attrs in loaded:
            address = attrs.get("src") or attrs.get("href") or ""
            assert address.startswith("/") and not address.startswith("//"), attrs
