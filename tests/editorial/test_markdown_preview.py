"""Markdown help and preview in the admin: the preview endpoint renders exactly what the
public pages render, only for staff, only by POST with a CSRF token; the change pages of
every Markdown field show the widget in every language."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from config import languages
from decide import flow
from decide.models import DecisionText
from editorial.markdown_preview import MAX_CHARS
from editorial.markdown_widget import MarkdownTextarea
from editorial.text import render_markdown
from tests.editorial.test_markdown_xss import FORBIDDEN, XSS
from tests.factories import EntryFactory, ProcedureFactory
from tests.html import tags

pytestmark = pytest.mark.django_db

URL = "/admin/markdown-preview/"


def test_the_url_is_under_admin():
    assert reverse("markdown_preview") == URL


def test_renders_markdown_exactly_like_the_public_pages(admin_client):
    text = "Bring:\n\n- **passport**\n- SIM card\n\n[Kcell](https://www.kcell.kz/)"
    response = admin_client.post(URL, {"text": text})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    html = response.json()["html"]
    assert html == str(render_markdown(text))
    assert "<strong>passport</strong>" in html
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("payload", XSS)
def test_an_xss_payload_is_neutralised(admin_client, payload):
    html = admin_client.post(URL, {"text": f"Hello {payload}"}).json()["html"]
    for pattern in FORBIDDEN:
        assert not pattern.search(html), (payload, html)


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.post(URL, {"text": "**x**"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


def test_people_who_are_not_staff_are_refused(client):
    client.force_login(get_user_model().objects.create_user("visitor", password="x"))
    response = client.post(URL, {"text": "**x**"})
    assert response.status_code == 302
    assert "html" not in response.content.decode()


def test_get_is_not_allowed(admin_client):
    assert admin_client.get(URL, {"text": "**x**"}).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    assert client.post(URL, {"text": "**x**"}).status_code == 403
    # The same request with the token the admin form carries (as the script sends it).
    client.get(reverse("admin:guides_procedure_add"))
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"text": "**x**"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


@pytest.mark.parametrize("code", languages.CODES)
def test_oversized_text_is_refused_in_the_editors_language(admin_client, code):
    assert admin_client.post(URL, {"text": "x" * MAX_CHARS}).status_code == 200
    response = admin_client.post(URL, {"text": "x" * (MAX_CHARS + 1)}, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 400
    assert json.loads(response.content)["error"]


def markdown_textareas(page: str) -> dict[str, str]:
    """name → class of every textarea wrapped in the Markdown widget."""
    wrapped = re.findall(r'<div class="markdown-field"[^>]*>\s*<textarea name="([^"]+)"', page)
    classes = {attrs["name"]: attrs.get("class", "") for attrs in tags(page, "textarea")}
    return {name: classes[name] for name in wrapped}


def assert_widget(page: str, *, expected: set[str], plain: set[str]) -> None:
    found = markdown_textareas(page)
    assert set(found) == expected
    for name, css in found.items():
        # modeltranslation's classes stay on the textarea, so the language tabs still work.
        suffix = name.rsplit("_", 1)[-1] if not name.endswith("zh_hans") else "zh_hans"
        field = name.split("-")[-1].removesuffix(f"_{suffix}")
        assert {"vLargeTextField", "mt", f"mt-field-{field}-{suffix}"} <= set(css.split()), (name, css)
    for name in plain:
        assert name not in found
    assert "/static/admin_extra/markdown-preview.js" in page
    assert "/static/admin_extra/markdown-preview.css" in page
    assert f'data-preview-url="{URL}"' in page
    assert 'class="button markdown-preview-button"' in page
    assert "<details" in page


def every_language(*names: str) -> set[str]:
    return {languages.field_name(name, code) for name in names for code in languages.CODES}


@pytest.mark.parametrize("code", languages.CODES)
def test_a_procedures_steps_use_the_widget(admin_client, code):
    procedure = ProcedureFactory(with_steps=2)
    response = admin_client.get(
        reverse("admin:guides_procedure_change", args=[procedure.pk]), HTTP_ACCEPT_LANGUAGE=code
    )
    assert response.status_code == 200
    assert response.headers["Content-Language"] == code
    bodies = every_language("body")
    expected = {f"steps-{index}-{name}" for index in ("0", "1", "__prefix__") for name in bodies}
    page = response.content.decode()
    assert_widget(page, expected=expected, plain=every_language("summary") | {"steps-0-title_en"})


@pytest.mark.parametrize("code", languages.CODES)
def test_a_faq_answer_uses_the_widget(admin_client, code):
    entry = EntryFactory()
    response = admin_client.get(reverse("admin:faq_entry_change", args=[entry.pk]), HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    assert_widget(response.content.decode(), expected=every_language("answer"), plain=every_language("question"))


@pytest.mark.parametrize("code", languages.CODES)
def test_decision_wording_uses_the_widget(admin_client, code):
    node = next(node for node in flow.wording_nodes() if node.kind == "outcome")
    wording = DecisionText.objects.create(key=node.key, kind=node.kind, text_en="Suspend", body_en="**Do it**")
    response = admin_client.get(
        reverse("admin:guides_decisiontext_change", args=[wording.pk]), HTTP_ACCEPT_LANGUAGE=code
    )
    assert response.status_code == 200
    assert_widget(
        response.content.decode(),
        expected=every_language("body", "after"),
        plain=every_language("hint", "reason"),
    )


def test_the_widget_carries_a_cheat_sheet_and_nothing_inline():
    html = MarkdownTextarea().render("body_en", "**x**")
    assert "HTML, scripts and styles are removed." in html
    assert "<script" not in html
    assert " style=" not in html
    assert " on" not in html.replace(" one", "")  # no event-handler attributes
