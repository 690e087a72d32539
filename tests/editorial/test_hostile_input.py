"""Hostile input answered cleanly (issue 14): control characters at every input that
reaches the database, saves without the loaded revision, links that could leave the
site, the sign-in redirect, the password reset flood, security headers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from config import languages
from editorial import registry
from editorial.text_input import control_character_message
from tests.admin_forms import change_url, post_fields, submit
from tests.factories import CONTENT_MAKERS, ProcedureFactory
from tests.html import form_fields, tags

pytestmark = pytest.mark.django_db

LOCKED = [entry for entry in registry.content_models() if entry.owner is None]


# -- Control characters --------------------------------------------------------------------


@pytest.mark.parametrize("code", languages.CODES)
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x0b"])
def test_an_admin_form_refuses_a_control_character_in_the_editors_language(editor_client, code, character):
    procedure = ProcedureFactory(with_steps=2)
    response = submit(editor_client, change_url(procedure), {"title_en": f"Can{character}cel"}, language=code)
    assert response.status_code == 200  # the form again, with the error
    with translation.override(code):
        expected = control_character_message(f"U+{ord(character):04X}")
    assert expected.split("(")[0].strip() in response.content.decode()
    procedure.refresh_from_db()
    assert character not in procedure.title_en


def test_an_inline_step_refuses_a_control_character(editor_client):
    procedure = ProcedureFactory(with_steps=2)
    response = submit(editor_client, change_url(procedure), {"steps-0-body_en": "Go\x00 to the office"})
    assert response.status_code == 200
    assert "\x00" not in "".join(procedure.steps.values_list("body_en", flat=True))


def test_crlf_from_a_textarea_is_kept_as_lf(editor_client):
    procedure = ProcedureFactory(with_steps=2)
    response = submit(
        editor_client, change_url(procedure), {"summary_en": "First line\r\nSecond line\rThird", "change_kind": "minor"}
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary_en == "First line\nSecond line\nThird"


def test_feedback_refuses_a_control_character_and_keeps_the_text(client):
    import time

    from feedback.forms import form_started_token
    from feedback.models import Report

    data = {
        "message": "Step 3\x00 is out of date",
        "contact": "",
        "page": "/en/",
        "started": form_started_token(time.time() - 30),
        "website": "",
    }
    response = client.post("/en/feedback/?page=/en/", data)
    assert response.status_code == 400
    assert Report.objects.count() == 0
    assert "Step 3" in response.content.decode()  # what the visitor wrote is not lost


# -- No lost edits on any content model ----------------------------------------------------


@pytest.mark.parametrize("entry", LOCKED, ids=lambda entry: entry.label)
def test_a_save_over_someone_elses_change_is_refused_on_every_content_model(editor_client, entry):
    obj = CONTENT_MAKERS[entry.label]()
    url = change_url(obj)
    html = editor_client.get(url).content.decode()
    fields = form_fields(html, f"{entry.model._meta.model_name}_form")
    column = languages.field_name(entry.translated[0], "en") if entry.translated else entry.plain[1]
    obj.refresh_from_db()
    setattr(obj, column, "Saved first by someone else")
    obj.save()
    response = post_fields(editor_client, url, fields, {column: "Saved second"})
    assert response.status_code == 200
    assert "Someone else saved this object after you opened it" in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, column) == "Saved first by someone else"


@pytest.mark.parametrize("entry", LOCKED, ids=lambda entry: entry.label)
def test_a_save_without_the_loaded_revision_is_refused(editor_client, entry):
    obj = CONTENT_MAKERS[entry.label]()
    url = change_url(obj)
    fields = form_fields(editor_client.get(url).content.decode(), f"{entry.model._meta.model_name}_form")
    fields = [(name, value) for name, value in fields if name != "loaded_revision"]
    column = languages.field_name(entry.translated[0], "en") if entry.translated else entry.plain[1]
    before = getattr(obj, column)
    response = post_fields(editor_client, url, fields, {column: "Without a revision"})
    assert response.status_code == 200
    assert "did not say which version of the object you started from" in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, column) == before


# -- Links that stay on the site -----------------------------------------------------------


# As the server decodes them: `//evil.example/en/`, `/%2F%2Fevil.example/`, `/%5Cevil.example/`.
OFF_SITE_PATHS = ["//evil.example/en/", "///evil.example/", "//evil.example/", "/\\evil.example/", "/en//evil.example/"]


@pytest.mark.parametrize("path", OFF_SITE_PATHS)
def test_the_404_page_links_only_to_this_site(client, path):
    # The test client would read "//host/" as a host: give the server's decoded path.
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    for attributes in tags(response.content.decode(), "a"):
        href = attributes.get("href", "")
        assert not href.startswith(("//", "/\\", "\\")), href
        assert "://" not in href or href.startswith("https://guide.example.kz"), href


def test_a_tab_in_the_path_is_a_400_not_a_link(client):
    assert client.get("/%09/evil.example/").status_code == 400


# -- Signing in and resetting a password ---------------------------------------------------


def test_a_rejected_next_after_signing_in_goes_to_the_admin(client, superuser):
    response = client.post(
        reverse("admin:login") + "?next=https://evil.example/",
        {"username": "admin", "password": "correct-horse-battery", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_password_reset_is_limited_and_answers_the_same_whether_or_not_the_address_exists(client, superuser):
    url = reverse("admin_password_reset")
    answers = [client.post(url, {"email": "admin@example.org"}, REMOTE_ADDR="203.0.113.9") for _ in range(8)]
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3  # per address an hour
    unknown = client.post(url, {"email": "nobody@example.org"}, REMOTE_ADDR="203.0.113.10")
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))
    assert "https://guide.example.kz/reset/" in mail.outbox[0].body  # the public origin, not the Host


def test_password_reset_is_limited_per_client_address_too(client, superuser):
    url = reverse("admin_password_reset")
    for n in range(12):
        client.post(url, {"email": f"someone-{n}@example.org"}, REMOTE_ADDR="203.0.113.11")
    client.post(url, {"email": "admin@example.org"}, REMOTE_ADDR="203.0.113.11")
    assert len(mail.outbox) == 0  # the 13th request from one client sends nothing


# -- Headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/en/operators/", "/admin/login/", "/static/css/site.css", "/healthz"])
def test_permissions_policy_and_resource_policy_on_every_response(client, path):
    client.get(path)
    response = client.get(path)  # the second one may come from the page cache
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
