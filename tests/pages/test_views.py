"""The public pages a visitor sees, in every language."""

import re

import pytest
from django.utils import translation

from config import languages
from tests.html import tags
from tests.origin import SITE_URL
from tests.site import page_urls

pytestmark = pytest.mark.django_db
ALL = pytest.mark.parametrize("code", languages.CODES)


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
        # The language versions of the page (an Atom feed is an alternate of another type).
        alternates = {
            link["hreflang"]: link["href"] for link in tags(html, "link", rel="alternate") if "type" not in link
        }
        # The switcher's links (sources' links also carry hreflang, to pages elsewhere).
        switcher = {a["hreflang"]: a["href"] for a in tags(html, "a") if "hreflang" in a and a["href"].startswith("/")}
        for other in languages.CODES:
            same_page = url.replace(f"/{code}/", f"/{other}/", 1)
            assert alternates[other] == f"{SITE_URL}{same_page}"
            if other != code:
                assert switcher[other] == same_page
        assert alternates["x-default"] == SITE_URL + url.replace(f"/{code}/", "/en/", 1)
        assert tags(html, "link", rel="canonical")[0]["href"] == f"{SITE_URL}{url.split('?')[0]}"


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
    block = xml.split(f"<loc>{SITE_URL}/en/operators/kcell/cancel/</loc>")[1].split("</url>")[0]
    assert 'hreflang="ru"' in block and 'hreflang="zh-hans"' in block
    assert 'hreflang="kk"' not in block
    assert 'hreflang="x-default"' in block
    assert "secret-draft" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in body
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
