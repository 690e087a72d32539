"""axe-core at WCAG 2.2 AA on every public page type, in every language, in Chromium."""

import pytest

from bench.heavy import make_heavy_procedure
from config import languages
from editors.content_loader import load_content
from operators.models import Operator
from tests.browser.axe import describe, violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "/{code}/",
    "/{code}/operators/",
    "/{code}/operators/kcell/",
    "/{code}/operators/kcell/cancel-in-person/",
    "/{code}/operators/kcell/heavy-40-steps/",
    "/{code}/operators/kcell/port-in/updates/",
    "/{code}/operators/kcell/updates/",
    "/{code}/updates/",
    "/{code}/faq/",
    "/{code}/search/?q=sim",
    "/{code}/search/?q=zzzz-nothing-matches",
    "/{code}/search/?q=lost+phone",  # the decision offer, an answer at several operators, marks
    "/{code}/about/",
    "/{code}/operators/no-such-operator/",
]


@pytest.fixture
def shipped_site(transactional_db):
    load_content()
    make_heavy_procedure(operator=Operator.objects.get(slug="kcell"))


@pytest.mark.parametrize("code", languages.CODES)
def test_no_axe_violations_on_any_page_type(page, live_server, shipped_site, code):
    found = {}
    for template in PAGES:
        path = template.format(code=code)
        response = page.goto(live_server.url + path)
        assert response.status in (200, 404), path
        if result := violations(page):
            found[path] = describe(result)
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())


@pytest.mark.parametrize("width", [320, 1280])
def test_pages_fit_a_narrow_phone_and_a_desktop(page, live_server, shipped_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/ru/operators/kcell/cancel-in-person/", "/zh-hans/", "/kk/faq/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_pages_work_without_javascript(browser, live_server, shipped_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    page.fill("#site-search", "cancel")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/en/search/?q=cancel")
    assert page.locator("ol.results li").count() > 0
    page.click("text=Русский")
    assert page.url.endswith("/ru/search/?q=cancel")
    context.close()


@pytest.mark.parametrize("code", languages.CODES)
def test_the_decision_flow_has_no_axe_violations_from_start_to_result(page, live_server, shipped_site, code):
    """Walk the flow as a visitor (first answer each time), checking every page on the way."""
    found = {}
    page.goto(f"{live_server.url}/{code}/decide/")
    # Continue with nothing chosen: the error state must be accessible too.
    page.click("form button[type=submit], form input[type=submit]")
    if result := violations(page):
        found["error: " + page.url] = describe(result)
    for _ in range(15):
        if result := violations(page):
            found[page.url] = describe(result)
        radios = page.locator("input[type=radio]")
        if radios.count() == 0:
            break  # the result page
        radios.first.check()
        page.click("form button[type=submit], form input[type=submit]")
    assert page.locator("input[type=radio]").count() == 0, "the flow ends on a result page"
    assert not found, "\n".join(f"{url}:\n{text}" for url, text in found.items())
