"""What each role may do to each content model, through every path the admin offers.

The models come from the content registry and the expectations from one table, so a new
content model or a new action can't be left out: every model × every action × every role.
A Translator changes translated texts only: never status, active, verification, slugs,
order or relations; never adds, deletes or restores.
"""

from __future__ import annotations

import pytest
import reversion
from django.contrib import admin
from django.urls import reverse
from reversion.models import Version

from config import languages
from editorial import registry
from editorial.roles import EDITOR, TRANSLATOR
from tests.admin_forms import change_url, staff, submit
from tests.factories import CONTENT_MAKERS

pytestmark = pytest.mark.django_db

ROLES = (EDITOR, TRANSLATOR)
# action → what each role gets. "changed"/"unchanged": the object after the POST.
TABLE = {
    "list": {EDITOR: 200, TRANSLATOR: 200},
    "open the change form": {EDITOR: 200, TRANSLATOR: 200},
    "change a translated text": {EDITOR: "changed", TRANSLATOR: "changed"},
    "change a field that is not text": {EDITOR: "changed", TRANSLATOR: "unchanged"},
    "open the add form": {EDITOR: 200, TRANSLATOR: 403},
    "delete": {EDITOR: 200, TRANSLATOR: 403},
    "changelist actions": {EDITOR: "offered", TRANSLATOR: "none"},
    "restore an old version": {EDITOR: 200, TRANSLATOR: 403},
    "list deleted versions to recover": {EDITOR: 200, TRANSLATOR: 403},
}
MODELS = [entry for entry in registry.content_models() if entry.owner is None]
# An Editor saving a page readers see says whether the change is major or minor
# (editorial/change_notes_admin.py); these are minor. Forms that don't ask ignore it.
MINOR = {"change_kind": "minor"}


def url(entry, view: str, *args) -> str:
    opts = entry.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def untranslated_field(entry, obj):
    """A plain field an Editor can change on this model's form, and a new value for it;
    None where no plain field is editable once the object exists (a decision node's key)."""
    model_admin = admin.site._registry[entry.model]
    for name in entry.plain:
        field = entry.model._meta.get_field(name)
        if name in model_admin.get_readonly_fields(_superuser_request(), obj) or not field.editable:
            continue
        if name == "order":
            return name, str(getattr(obj, name) + 7)
        if name in ("slug", "publisher", "website"):
            return name, "changed-by-role-test" if name != "website" else "https://changed.example.org"
    return None


@pytest.fixture(params=MODELS, ids=lambda entry: entry.label)
def entry(request):
    return request.param


@pytest.fixture(params=ROLES)
def role_client(request, client):
    client.force_login(staff(request.param, request.param.lower()))
    return request.param, client


@pytest.fixture
def obj(entry):
    with reversion.create_revision():
        made = CONTENT_MAKERS[entry.label]()
    return made


def test_the_table_covers_every_content_model_with_an_admin():
    assert MODELS, "the registry is empty"
    assert {entry.label for entry in MODELS} <= {model._meta.label_lower for model in admin.site._registry}
    assert {entry.label for entry in MODELS} <= set(CONTENT_MAKERS), "tests/factories.py needs a maker"


def test_list_and_change_form(entry, role_client, obj):
    role, client = role_client
    assert client.get(url(entry, "changelist")).status_code == TABLE["list"][role]
    assert client.get(change_url(obj)).status_code == TABLE["open the change form"][role]


def test_change_a_translated_text(entry, role_client, obj):
    role, client = role_client
    column = languages.field_name(entry.translated[0], "kk") if entry.translated else None
    if column is None:
        pytest.skip(f"{entry.label} has no translated text")
    response = submit(client, change_url(obj), {column: f"Өзгертілген мәтін ({role})", **MINOR})
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    changed = getattr(obj, column) == f"Өзгертілген мәтін ({role})"
    assert ("changed" if changed else "unchanged") == TABLE["change a translated text"][role]


def test_change_a_field_that_is_not_text(entry, role_client, obj):
    role, client = role_client
    chosen = untranslated_field(entry, obj)
    if chosen is None:
        # Nobody changes it once the object exists; a Translator's POST can't either.
        name = entry.plain[0]
        before = getattr(obj, name)
        submit(client, change_url(obj), {name: "forged", **MINOR})
        obj.refresh_from_db()
        assert getattr(obj, name) == before
        return
    name, value = chosen
    before = getattr(obj, name)
    # A Translator's form doesn't offer the field; the POST carries it anyway.
    response = submit(client, change_url(obj), {name: value, **MINOR})
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    changed = str(getattr(obj, name)) != str(before)
    assert ("changed" if changed else "unchanged") == TABLE["change a field that is not text"][role]


def test_add_and_delete(entry, role_client, obj):
    role, client = role_client
    model_admin = admin.site._registry[entry.model]
    can_ever_add = model_admin.has_add_permission(_superuser_request())
    can_ever_delete = model_admin.has_delete_permission(_superuser_request(), obj)
    add = client.get(url(entry, "add")).status_code
    delete = client.get(url(entry, "delete", obj.pk)).status_code
    assert add == (TABLE["open the add form"][role] if can_ever_add else 403)
    assert delete == (TABLE["delete"][role] if can_ever_delete else 403)
    if role == TRANSLATOR:
        assert client.post(url(entry, "delete", obj.pk), {"post": "yes"}).status_code == 403
        assert entry.model.objects.filter(pk=obj.pk).exists()


def test_changelist_actions(entry, role_client, obj):
    role, client = role_client
    page = client.get(url(entry, "changelist")).content.decode()
    offered = "delete_selected" in page
    can_ever_delete = admin.site._registry[entry.model].has_delete_permission(_superuser_request(), obj)
    expected = TABLE["changelist actions"][role] if can_ever_delete else "none"
    assert ("offered" if offered else "none") == expected
    if role == TRANSLATOR:
        response = client.post(
            url(entry, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert response.status_code in (200, 302, 403)
        assert entry.model.objects.filter(pk=obj.pk).exists()


def test_restore_and_recover(entry, role_client, obj):
    role, client = role_client
    version = Version.objects.get_for_object(obj).first()
    assert version is not None
    assert client.get(url(entry, "revision", obj.pk, version.pk)).status_code == TABLE["restore an old version"][role]
    if role == TRANSLATOR:
        assert client.post(url(entry, "revision", obj.pk, version.pk), {}).status_code == 403
    recover_list = client.get(
        reverse(f"admin:{entry.model._meta.app_label}_{entry.model._meta.model_name}_recoverlist")
    )
    # Recovering a deleted object adds it: not for models nobody adds in the admin.
    can_ever_add = admin.site._registry[entry.model].has_add_permission(_superuser_request())
    expected = TABLE["list deleted versions to recover"][role] if can_ever_add else 403
    assert recover_list.status_code == expected


def _superuser_request():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.user.is_superuser = True
    request.user.has_perm = lambda *args, **kwargs: True
    request.user.is_active = True
    return request
