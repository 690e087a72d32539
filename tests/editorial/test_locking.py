"""Editors and translators in the admin: roles, drafts, history with restore, no lost edits,
brute-force protection and password reset."""

import contextlib
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from reversion.models import Version

from config import languages
from editorial.locking import BUSY
from editorial.models import Status
from editorial.roles import EDITOR, TRANSLATOR
from guides.models import Procedure
from serving.models import ContentVersion
from tests.admin_forms import change_url, post_fields, staff, submit
from tests.factories import EntryFactory, ProcedureFactory
from tests.html import form_fields

pytestmark = pytest.mark.django_db
# Editors say whether a change to a public page is major or minor; these are minor.
MINOR = {"change_kind": "minor"}


def test_both_roles_exist_with_their_permissions():
    editor = Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True)
    translator = Group.objects.get(name=TRANSLATOR).permissions.values_list("codename", flat=True)
    assert {"publish_procedure", "publish_entry", "delete_procedure", "add_step", "change_report"} <= set(editor)
    assert {"change_procedure", "change_step", "change_entry", "change_decisiontext"} <= set(translator)
    assert not {c for c in translator if c.startswith(("add_", "delete_", "publish_", "verify_"))}


@pytest.mark.parametrize("code", languages.CODES)
def test_a_translator_edits_text_but_cannot_publish(translator_client, code):
    procedure = ProcedureFactory(status=Status.DRAFT, with_steps=2)
    response = submit(
        translator_client,
        change_url(procedure),
        {"title_kk": "Аударма", "status": Status.PUBLISHED, "verified_on": "2026-11-01"},
        language=code,
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.title_kk == "Аударма"
    assert procedure.status == Status.DRAFT
    assert procedure.verified_on is None


def test_a_translator_cannot_delete_add_or_restore(translator_client):
    procedure = ProcedureFactory(with_steps=1)
    delete = reverse("admin:guides_procedure_delete", args=[procedure.pk])
    assert translator_client.post(delete, {"post": "yes"}).status_code == 403
    assert translator_client.get(reverse("admin:guides_procedure_add")).status_code == 403
    assert translator_client.get(reverse("admin:faq_entry_add")).status_code == 403
    assert Procedure.objects.filter(pk=procedure.pk).exists()
    html = translator_client.get(change_url(procedure)).content.decode()
    assert "deletelink" not in html


def test_an_editor_publishes_and_deletes(editor_client):
    procedure = ProcedureFactory(status=Status.DRAFT, with_steps=1)
    assert submit(editor_client, change_url(procedure), {"status": Status.PUBLISHED}).status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == Status.PUBLISHED
    delete = reverse("admin:guides_procedure_delete", args=[procedure.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Procedure.objects.filter(pk=procedure.pk).exists()


def test_a_draft_is_404_for_the_public_and_a_preview_for_staff(client, translator_client):
    draft = ProcedureFactory(status=Status.DRAFT, title_en="Secret plan", with_steps=1)
    from django.test import Client

    public = Client()
    assert public.get(draft.get_absolute_url()).status_code == 404
    response = translator_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret plan" in html and "preview-banner" in html
    # once published, no banner
    draft.status = Status.PUBLISHED
    draft.save()
    assert "preview-banner" not in translator_client.get(draft.get_absolute_url()).content.decode()


def test_draft_faq_entries_show_only_to_staff(translator_client):
    from django.test import Client

    EntryFactory(slug="secret-answer", status=Status.DRAFT)
    assert "secret-answer" not in Client().get("/en/faq/").content.decode()
    html = translator_client.get("/en/faq/").content.decode()
    assert 'id="secret-answer"' in html and "preview-banner" in html


def procedure_state(procedure: Procedure):
    procedure.refresh_from_db()
    own = {f: getattr(procedure, f) for f in ("title_en", "title_ru", "summary_kk", "status")}
    steps = [(s.order, s.title_en, s.body_zh_hans) for s in procedure.steps.all()]
    documents = [(d.document_id, d.audience) for d in procedure.required_documents.all()]
    return own, steps, documents


def test_an_edit_and_a_restore_round_trip_exactly_steps_included(editor_client):
    procedure = ProcedureFactory(with_steps=3, with_documents=2)
    url = change_url(procedure)
    assert submit(editor_client, url, {"summary_kk": "Бірінші нұсқа", **MINOR}).status_code == 302
    first = procedure_state(procedure)
    first_version = Version.objects.get_for_object(procedure).first()

    # A second edit: new title, one step changed, one step deleted.
    page = editor_client.get(url).content.decode()
    fields = form_fields(page, "procedure_form")
    changes = {"title_en": "Second version", "steps-0-title_en": "Rewritten step", "steps-2-DELETE": "on", **MINOR}
    assert post_fields(editor_client, url, fields, changes).status_code == 302
    assert procedure_state(procedure) != first
    assert procedure.steps.count() == 2

    # Restore the first version from the history.
    revision_url = reverse("admin:guides_procedure_revision", args=[procedure.pk, first_version.pk])
    page = editor_client.get(revision_url)
    assert page.status_code == 200
    fields = form_fields(page.content.decode(), "procedure_form")
    assert post_fields(editor_client, revision_url, fields, MINOR).status_code == 302
    assert procedure_state(procedure) == first


def test_history_is_listed_with_who_and_when(editor_client):
    procedure = ProcedureFactory(with_steps=1)
    submit(editor_client, change_url(procedure), {"title_en": "Changed by the editor", **MINOR})
    html = editor_client.get(reverse("admin:guides_procedure_history", args=[procedure.pk])).content.decode()
    assert "editor" in html


def test_a_concurrent_edit_is_refused_and_the_first_edit_survives(client):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(staff(EDITOR, "first"))
    second.force_login(staff(EDITOR, "second"))
    procedure = ProcedureFactory(with_steps=2, title_en="Original")
    url = change_url(procedure)
    form_a = form_fields(first.get(url).content.decode(), "procedure_form")
    form_b = form_fields(second.get(url).content.decode(), "procedure_form")

    assert post_fields(first, url, form_a, {"title_en": "First editor's title", **MINOR}).status_code == 302
    refused = post_fields(
        second, url, form_b, {"title_en": "Second editor's title", "steps-0-title_en": "Lost?", **MINOR}
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this object after you opened it" in html
    assert "First editor&#x27;s title" in html or "First editor's title" in html  # what changed
    procedure.refresh_from_db()
    assert procedure.title_en == "First editor's title"
    assert procedure.steps.first().title_en != "Lost?"


@pytest.mark.parametrize("code", languages.CODES)
def test_the_conflict_message_speaks_the_editors_language(code):
    from django.test import Client
    from django.utils import translation
    from django.utils.html import escape

    first, second = Client(), Client()
    first.force_login(staff(EDITOR, "a"))
    second.force_login(staff(EDITOR, "b"))
    entry = EntryFactory()
    url = change_url(entry)
    form_b = form_fields(second.get(url).content.decode(), "entry_form")
    assert submit(first, url, {"question_en": "Changed first", **MINOR}).status_code == 302
    html = post_fields(second, url, form_b, {"question_en": "Changed second", **MINOR}, language=code).content.decode()
    with translation.override(code):
        expected = translation.gettext(
            "Someone else saved this object after you opened it%(who)s. Your changes were not saved, "
            "and nothing they saved was overwritten. Open the object again to see their version, "
            "then make your changes again."
        ) % {"who": " (a)"}
    assert escape(expected) in html


def test_login_locks_out_after_repeated_failures_and_the_lockout_expires(client, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    get_user_model().objects.create_user("editor", "e@example.org", "correct-horse-battery", is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    locked = client.post(url, {"username": "editor", "password": "correct-horse-battery"}, REMOTE_ADDR="203.0.113.5")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # The lockout expires by itself: make the failures older than the cool-off time.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    ok = client.post(url, {"username": "editor", "password": "correct-horse-battery"}, REMOTE_ADDR="203.0.113.5")
    assert ok.status_code == 302


def test_staff_can_reset_a_forgotten_password(client):
    get_user_model().objects.create_user("editor", "editor@example.org", "correct-horse-battery", is_staff=True)
    login = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in login
    response = client.post(reverse("admin_password_reset"), {"email": "editor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/reset/" in mail.outbox[0].body


def test_a_restore_never_rewinds_the_lock_counter(editor_client):
    procedure = ProcedureFactory(with_steps=1)
    url = change_url(procedure)
    first_version = None
    for n in range(6):
        assert submit(editor_client, url, {"title_en": f"Edit {n}", **MINOR}).status_code == 302
        first_version = first_version or Version.objects.get_for_object(procedure).first()
    # A form opened now, before the restore, at the current count.
    opened = form_fields(editor_client.get(url).content.decode(), "procedure_form")
    procedure.refresh_from_db()
    before = procedure.revision

    revision_url = reverse("admin:guides_procedure_revision", args=[procedure.pk, first_version.pk])
    fields = form_fields(editor_client.get(revision_url).content.decode(), "procedure_form")
    assert post_fields(editor_client, revision_url, fields, MINOR).status_code == 302
    procedure.refresh_from_db()
    assert procedure.title_en == "Edit 0"
    assert procedure.revision > before

    # The form opened before the restore can't save over it.
    response = post_fields(editor_client, url, opened, {"title_en": "Over the restore", **MINOR})
    assert response.status_code == 200
    assert "Someone else saved this object after you opened it" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.title_en == "Edit 0"


def test_recovering_a_deleted_object_never_rewinds_the_lock_counter(editor_client):
    procedure = ProcedureFactory(with_steps=1)
    url = change_url(procedure)
    for n in range(4):
        assert submit(editor_client, url, {"title_en": f"Edit {n}", **MINOR}).status_code == 302
    opened = form_fields(editor_client.get(url).content.decode(), "procedure_form")
    procedure.refresh_from_db()
    before, pk = procedure.revision, procedure.pk
    delete_url = reverse("admin:guides_procedure_delete", args=[pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302

    deleted = Version.objects.get_deleted(Procedure).first()
    recover_url = reverse("admin:guides_procedure_recover", args=[deleted.pk])
    fields = form_fields(editor_client.get(recover_url).content.decode(), "procedure_form")
    assert post_fields(editor_client, recover_url, fields, MINOR).status_code == 302
    recovered = Procedure.objects.get(pk=pk)
    assert recovered.revision > before
    response = post_fields(editor_client, url, opened, {"title_en": "Over the recovery", **MINOR})
    assert response.status_code == 200
    assert Procedure.objects.get(pk=pk).title_en == "Edit 3"


@contextlib.contextmanager
def content_version_held():
    """Another connection holds the content version's row in an open transaction, as a
    long import or a psql session does: every save must wait for it."""
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            if other.vendor == "postgresql":
                cursor.execute("SELECT value FROM guides_contentversion FOR UPDATE")
            else:
                cursor.execute("UPDATE guides_contentversion SET value = value")
        yield
    finally:
        other.rollback()
        other.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("code", languages.CODES)
def test_a_save_that_waits_for_a_held_row_is_told_to_try_again_with_its_form_kept(editor_client, code):
    procedure = ProcedureFactory(with_steps=1, title_en="Before")
    ContentVersion.bump()
    url = change_url(procedure)
    fields = form_fields(editor_client.get(url, HTTP_ACCEPT_LANGUAGE=code).content.decode(), "procedure_form")
    started = time.monotonic()
    with content_version_held():
        response = post_fields(editor_client, url, fields, {"title_en": "My unsaved title", **MINOR}, language=code)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(code):
        assert escape(str(BUSY)) in html
    assert 'value="My unsaved title"' in html  # the form as the editor sent it
    assert time.monotonic() - started < settings.DB_QUERY_TIMEOUT_SECONDS
    procedure.refresh_from_db()
    assert procedure.title_en == "Before"
    # Once the row is free, the form as it came back saves.
    kept = form_fields(html, "procedure_form")
    assert post_fields(editor_client, url, kept, MINOR, language=code).status_code == 302
    procedure.refresh_from_db()
    assert procedure.title_en == "My unsaved title"
