"""The admin's Markdown preview in a real Chromium with the site's CSP enforced: an editor
logs in, clicks Preview under a step's text (in two language tabs) and sees the sanitised
HTML; nothing on the page breaks the Content Security Policy."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import ProcedureFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor(transactional_db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def console() -> list[str]:
    return []


@pytest.fixture
def strict_page(browser, console):
    # The shared `page` fixture bypasses CSP (for axe-core); these tests need it enforced.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    yield page
    context.close()


def log_in(page, live_server, *, next_url: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")


def csp_violations(console: list[str]) -> list[str]:
    return [text for text in console if "Content Security Policy" in text]


def test_preview_shows_the_sanitised_step_text(strict_page, console, live_server, editor):
    page = strict_page
    procedure = ProcedureFactory(with_steps=1)
    procedure.steps.update(
        body_en="Bring **your passport**.\n\n<script>window.pwned = 1</script>[eGov](https://egov.kz/)",
        body_kk="**Жеке куәлік** алып келіңіз.",
    )
    change_url = f"/admin/guides/procedure/{procedure.pk}/change/"
    log_in(page, live_server, next_url=change_url)

    english = page.locator(".markdown-field", has=page.locator("#id_steps-0-body_en"))
    english.get_by_role("button", name="Preview").click()
    preview = english.locator(".markdown-preview")
    expect(preview.locator("strong")).to_have_text("your passport")
    expect(preview.locator("a")).to_have_attribute("href", "https://egov.kz/")
    assert preview.locator("script").count() == 0
    assert page.evaluate("window.pwned") is None

    # The language tabs still work with the widget: open Kazakh and preview it there.
    page.click('a[href="#tab_id_steps-0-body_kk"]')
    kazakh = page.locator(".markdown-field", has=page.locator("#id_steps-0-body_kk"))
    kazakh.get_by_role("button", name="Preview").click()
    expect(kazakh.locator(".markdown-preview strong")).to_have_text("Жеке куәлік")
    expect(english).to_be_hidden()

    # A step added on the page gets a working Preview button too (in the tab chosen above).
    page.locator("#steps-group .add-row a").click()
    page.fill("#id_steps-1-body_kk", "1. Go to the shop\n2. Sign")
    added = page.locator(".markdown-field", has=page.locator("#id_steps-1-body_kk"))
    added.get_by_role("button", name="Preview").click()
    expect(added.locator(".markdown-preview ol li")).to_have_count(2)

    assert not csp_violations(console), console


def test_the_dashboard_breaks_no_csp_rule(strict_page, console, live_server, editor):
    ProcedureFactory(title_kk="")
    log_in(strict_page, live_server, next_url="/admin/")
    expect(strict_page.locator("#dashboard-missing-kk a").first).to_be_visible()
    assert not csp_violations(console), console
