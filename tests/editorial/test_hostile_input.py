"""Hostile input answered cleanly (issue 14): control characters at every input that
reaches the database, saves without the loaded revision, links that could leave the
site, the sign-in redirect, the password reset flood, security headers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from config import languages
from editorial import registry
from editorial.text_input import control_character_message
from tests.admin_forms import change_url, post_fields, submit
from tests.factories import CONTENT_MAKERS, EntryFactory, ProcedureFactory
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


def test_password_reset_counts_one_account_however_its_address_is_spelled(client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("sam", "sam@example.org", "correct-horse-battery", is_staff=True)
    url = reverse("admin_password_reset")
    # The long s "ſ" folds to "s": PostgreSQL's case-insensitive match finds Sam's account.
    spellings = ["sam@example.org", "SAM@example.org", "ſam@example.org", "Sam@EXAMPLE.org", "ſAM@example.org"]
    for n in range(12):
        client.post(url, {"email": spellings[n % len(spellings)]}, REMOTE_ADDR=f"198.51.100.{n}")
    assert len(mail.outbox) == 3


def test_password_reset_limits_hold_on_this_machine_while_redis_is_down(client, superuser, redis_down):
    url = reverse("admin_password_reset")
    for n in range(6):
        answer = client.post(url, {"email": "admin@example.org"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert answer.status_code == 302
    assert len(mail.outbox) == 3
    for _ in range(12):
        client.post(url, {"email": "nobody@example.org"}, REMOTE_ADDR="198.51.100.1")
    client.post(url, {"email": "admin@example.org"}, REMOTE_ADDR="198.51.100.1")
    assert len(mail.outbox) == 3  # and the client's limit


# -- Headers -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/en/operators/", "/admin/login/", "/static/css/site.css", "/healthz"])
def test_permissions_policy_and_resource_policy_on_every_response(client, path):
    client.get(path)
    response = client.get(path)  # the second one may come from the page cache
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


# -- Inputs that made 500s (issue 22) ------------------------------------------------------


@pytest.mark.parametrize("code", languages.CODES)
def test_a_published_procedure_with_every_title_blank_is_a_form_error(editor_client, code):
    procedure = ProcedureFactory(with_steps=1)
    blank = {languages.field_name("title", c): "" for c in languages.CODES}
    response = submit(editor_client, change_url(procedure), {**blank, "change_kind": "minor"}, language=code)
    assert response.status_code == 200
    with translation.override(code):
        assert escape(translation.gettext("A published procedure needs a title in at least one language.")) in (
            response.content.decode()
        )
    procedure.refresh_from_db()
    assert procedure.title_en


@pytest.mark.parametrize("code", languages.CODES)
def test_a_published_faq_entry_with_every_question_blank_is_a_form_error(editor_client, code):
    entry = EntryFactory()
    blank = {languages.field_name("question", c): "" for c in languages.CODES}
    response = submit(editor_client, change_url(entry), {**blank, "change_kind": "minor"}, language=code)
    assert response.status_code == 200
    with translation.override(code):
        assert escape(translation.gettext("A published entry needs this in at least one language.")) in (
            response.content.decode()
        )


# Every autocomplete field of a content form: what to edit, the posted field, and whether
# it holds one object or several.
AUTOCOMPLETE = [
    ("procedure", "operator", "one"),
    ("procedure", "required_documents-0-document", "one"),
    ("entry", "operator", "one"),
    ("entry", "procedure", "one"),
    ("operator", "contacts-0-sources", "several"),
]


@pytest.mark.parametrize(("kind", "field", "holds"), AUTOCOMPLETE)
@pytest.mark.parametrize("code", languages.CODES)
def test_an_autocomplete_field_posted_as_a_non_number_is_a_form_error(editor_client, kind, field, holds, code):
    from operators.models import Contact

    procedure = ProcedureFactory(with_steps=1, with_documents=1)
    objects = {"procedure": procedure, "entry": EntryFactory(), "operator": procedure.operator}
    Contact.objects.create(operator=procedure.operator, kind=Contact.Kind.SUPPORT_OWN, value="111")
    response = submit(editor_client, change_url(objects[kind]), {field: "abc", "change_kind": "minor"}, language=code)
    assert response.status_code == 200
    with translation.override(code):
        if holds == "one":
            expected = translation.gettext("Select a valid choice. That choice is not one of the available choices.")
        else:
            expected = translation.gettext("“%(pk)s” is not a valid value.") % {"pk": "abc"}
    assert escape(expected) in response.content.decode()


def test_the_autocomplete_fields_tested_are_all_there_are():
    from django.contrib import admin

    fields = set()
    for model_admin in admin.site._registry.values():
        fields |= {(model_admin.model._meta.model_name, name) for name in model_admin.autocomplete_fields}
        for inline in model_admin.inlines:
            fields |= {(inline.model._meta.model_name, name) for name in inline.autocomplete_fields}
    assert fields == {
        ("procedure", "operator"),
        ("requireddocument", "document"),
        ("entry", "operator"),
        ("entry", "procedure"),
        ("contact", "sources"),
    }


# Characters that are never text: C1 controls, Unicode noncharacters (two of them, U+FFFE
# and U+FFFF, forbidden by XML 1.0 itself).
NOT_TEXT = ["\x85", "\x9f", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("code", languages.CODES)
@pytest.mark.parametrize("character", NOT_TEXT)
def test_an_admin_form_refuses_a_character_that_is_not_text_naming_it(editor_client, code, character):
    procedure = ProcedureFactory(with_steps=1)
    response = submit(editor_client, change_url(procedure), {"title_en": f"Can{character}cel"}, language=code)
    assert response.status_code == 200
    with translation.override(code):
        expected = control_character_message(f"U+{ord(character):04X}")
    assert escape(expected) in response.content.decode()
    procedure.refresh_from_db()
    assert character not in procedure.title_en


def test_a_change_note_refuses_a_noncharacter(editor_client):
    procedure = ProcedureFactory(with_steps=1)
    note = {"change_kind": "major", "change_note": "Bring the\uffff SIM card"}
    response = submit(editor_client, change_url(procedure), note)
    assert response.status_code == 200
    assert escape(control_character_message("U+FFFF")) in response.content.decode()
    assert not procedure.change_notes.filter(kind="major").exists()


def test_feedback_refuses_a_noncharacter(client):
    import time

    from feedback.forms import form_started_token
    from feedback.models import Report

    data = {"message": "Step 3\ufffe is out of date", "page": "/en/", "started": form_started_token(time.time() - 30)}
    response = client.post("/en/feedback/?page=/en/", {**data, "contact": "", "website": ""})
    assert response.status_code == 400
    assert Report.objects.count() == 0


@pytest.mark.parametrize("code", languages.CODES)
def test_every_feed_and_the_sitemap_are_well_formed_whatever_the_database_holds(client, code):
    from lxml import etree

    from editorial import change_notes
    from guides.models import Procedure

    procedure = ProcedureFactory(with_steps=1)
    # Saved before the site refused them, or by anything that skips the forms.
    notes = dict.fromkeys(languages.CODES, "Bring\ufffe the SIM\uffff card")
    note = change_notes.record_major_change(procedure, notes=notes)
    Procedure.objects.filter(pk=procedure.pk).update(
        **{languages.field_name("title", c): "Cancel\uffff now\ufffe" for c in languages.CODES}
    )
    assert note.pk
    with translation.override(code):
        operator = {"operator": procedure.operator.slug}
        paths = [reverse("updates:feed"), reverse("updates:operator_feed", kwargs=operator)]
    for path in [*paths, "/sitemap.xml"]:
        response = client.get(path)
        assert response.status_code == 200, path
        etree.fromstring(response.content)  # raises on XML that isn't well-formed
    feed = client.get(paths[0]).content.decode()
    assert "Bring the SIM card" in feed


def test_signing_in_with_a_user_name_too_long_to_store_is_a_form_error(client):
    # django-axes stores a failed sign-in's user name in 255 characters; PostgreSQL refuses more.
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "a" * 300, "password": "whatever-it-is"})
        assert response.status_code == 200
    assert "login-form" in response.content.decode()


# -- Headers on every answer (issue 22) ------------------------------------------------------


def test_the_400_page_for_a_control_character_has_the_headers_of_every_page(client):
    response = client.get("/en/faq/?q=%01")
    assert response.status_code == 400
    reference = client.get("/en/faq/")
    assert response["X-Frame-Options"] == reference["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == reference["Content-Security-Policy"]


@pytest.mark.parametrize("code", languages.CODES)
def test_what_only_staff_see_is_never_kept_by_a_shared_cache(editor_client, code):
    from django.test import Client

    from editorial.models import Status

    draft = ProcedureFactory(status=Status.DRAFT, with_steps=1)
    published = ProcedureFactory(with_steps=1)
    with translation.override(code):
        draft_url, published_url = draft.get_absolute_url(), published.get_absolute_url()
    preview = editor_client.get(draft_url)
    assert preview.status_code == 200
    for response in (preview, editor_client.get(published_url)):  # a page rendered for a signed-in editor
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control
        assert "public" not in cache_control
    visitor = Client()
    assert visitor.get(draft_url).status_code == 404
    assert "public" in visitor.get(published_url)["Cache-Control"]
