"""A live site of the previous release upgrades with nothing lost.

``previous_release.sql.gz`` is a database made by the previous release (see
``make_previous_release_db.py``): shipped content loaded, an editor and a translator in
their groups, admin edits with django-reversion history and admin log entries, a handled
visitor report. The test restores it into a throw-away SQLite file, runs this checkout's
``manage.py migrate`` on it, and checks that history, groups and loaded-content records all
still work with the current code. Everything runs in subprocesses against that file, so it
is the same whether the suite itself runs on SQLite or PostgreSQL.

The test uses only paths, management commands and Django/reversion APIs (models looked up
by app label and name), so moving modules around does not break it; only a real upgrade
problem does.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .make_previous_release_db import (
    ANSWER_SUFFIX,
    DECISION_KEY,
    EARLIER,
    ENTRY,
    FIRST_TITLE,
    HINT,
    HOURS_NOTE,
    OPERATOR,
    PROCEDURE,
    SECOND_TITLE,
    STEP_BODY,
    UNTOUCHED_OPERATOR,
)

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
DUMP = HERE / "previous_release.sql.gz"
CONTENT_APPS = ("operators", "guides", "faq", "feedback")
EDITED_KEYS = {
    f"procedure:{PROCEDURE[0]}/{PROCEDURE[1]}",
    f"operator:{OPERATOR}",
    f"entry:{ENTRY}",
    f"decision_text:{DECISION_KEY}",
}
# Keys of objects the current content/ ships that the previous release did not: load_content
# rightly creates these, and nothing else.
SHIPPED_SINCE_PREVIOUS_RELEASE: set[str] = {
    # Operators' contacts became facts of their own (operators.Contact).
    "contact:kcell/chat/1",
    "contact:activ/chat/1",
    "contact:izi/app/1",
    # Issue 15's missing topics: keeping a number active abroad, operators' apps, and their sources.
    "entry:what-keeps-number-active-abroad",
    "contact:beeline/app/1",
    "contact:activ/app/2",
    "source:https://adilet.zan.kz/rus/docs/V2500037338",
    "source:https://www.zakon.kz/pravo/6508550-protseduru-smeny-mobilnogo-operatora-planiruyut-usovershenstvovat.html",
    "source:https://content.izi.me/binaries/content/assets/docs/product-details/bundles-en.html",
    "source:https://www.kcell.kz/en/product/topup",
    "source:https://activ.kz/en/service/3903/2570",
    # Issue 23's fact-check: the sources each correction rests on.
    "source:https://rus.baq.kz/v-kazahstane-vstupili-v-silu-novye-pravila-okazaniya-uslug-svyazi_300027283/",
    "source:https://www.inform.kz/ru/v-mintsifri-rasskazali-kak-teper-pokupat-sim-karti-d15a2c",
    "source:https://ortcom.kz/en/novosti/2959-dopolneniya-v-zakon-respubliki-kazakhstan-o-svyazi-v-chasti-registratsii-abonentskikh-ustrojstv-sotovoj-svyazi-2",
    "source:https://www.kcell.kz/en/news/show/2474?newsId=29&year=2016&key=news.list",
    "source:https://new.wpk.kz/iin_abroad",
    "source:https://www.squirepattonboggs.com/en/insights/publications/2023/11/is-china-ready-to-transition-from-legalisation-to-apostille",
    "source:https://zakon.kz/amp/pravo/6427588-iin-inostrantsam-budut-prisvaivat-po-novym-pravilam.html",
}
# Kinds of shipped objects new since the previous release: every object of these is new.
KINDS_SINCE_PREVIOUS_RELEASE = ("change_note:",)  # dated change notes (editorial.ChangeNote)
# Models added since the previous release: the groups rightly gain their permissions.
MODELS_SINCE_PREVIOUS_RELEASE = {"operators.contact", "editorial.changenote", "search.bestbet", "search.searchcount"}
# Fields removed since the previous release, per model, with where their data went:
# a restore of an older version can't bring these back, so a migration must have moved them.
FIELDS_MOVED_SINCE_PREVIOUS_RELEASE = {
    # to operators.Contact rows (operators/migrations/0004_contacts.py)
    "operators.operator": {"support_short", "support_full", "support_abroad", "office_finder_url", "app_name"},
}

# Run by `manage.py shell -c` on the migrated database with the current code; writes JSON to
# $UPGRADE_CHECK_OUTPUT. It reports what it finds; the test compares that with the dump.
CHECK_SCRIPT = r"""
import json
import os
import traceback

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from reversion.models import Revision, Version

setup_test_environment()  # lets the test client's host name in
given = json.loads(os.environ["UPGRADE_CHECK_INPUT"])
out = {"errors": {}}
client = Client()


def section(function):
    # One failing check must not hide the others: its traceback goes to out["errors"].
    try:
        out[function.__name__] = function()
    except Exception:
        out["errors"][function.__name__] = traceback.format_exc()
    return function


def failure(error):
    return f"{type(error).__name__}: {error}"


def get(url):
    try:
        return client.get(url).status_code
    except Exception as error:
        return failure(error)


def model(app_label, model_name):
    return apps.get_model(app_label, model_name)


@section
def content_types():
    return {
        f"{ct.app_label}.{ct.model}": ct.model_class() is not None
        for ct in ContentType.objects.filter(app_label__in=given["apps"])
    }


@section
def groups():
    return {
        group.name: sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
        )
        for group in Group.objects.all()
    }


@section
def users():
    return {
        user.username: sorted(user.groups.values_list("name", flat=True)) for user in get_user_model().objects.all()
    }


@section
def versions():
    found = []
    for version in Version.objects.select_related("content_type", "revision").order_by("pk"):
        ct = version.content_type
        item = {"id": version.pk, "revision": version.revision_id, "model": f"{ct.app_label}.{ct.model}",
                "object_id": version.object_id}
        try:
            model_class = ct.model_class()
            if model_class is None:
                raise LookupError("the content type names no model")
            restored = version._object_version.object
            item["deserialised_as"] = restored._meta.label_lower
            item["pk_matches"] = str(restored.pk) == version.object_id
            item["fields"] = sorted(version.field_dict)
            # The deserialiser silently skips fields the model no longer has.
            stored = json.loads(version.serialized_data)[0]["fields"]
            item["dropped_fields"] = sorted(set(stored) - {field.name for field in model_class._meta.get_fields()})
            item["live_object"] = version.object is not None
        except Exception as error:
            item["error"] = failure(error)
        found.append(item)
    return found


@section
def revisions():
    return {
        str(revision.pk): {
            "user": revision.user.username if revision.user else None,
            "comment": revision.comment,
            "versions": sorted(
                f"{v.content_type.app_label}.{v.content_type.model}:{v.object_id}"
                for v in revision.version_set.select_related("content_type")
            ),
        }
        for revision in Revision.objects.select_related("user")
    }


client.force_login(get_user_model().objects.get(username=given["editor"]))


@section
def log_entries():
    found = []
    for entry in LogEntry.objects.select_related("content_type").order_by("pk"):
        ct = entry.content_type
        item = {"id": entry.pk, "model": f"{ct.app_label}.{ct.model}", "object_id": entry.object_id,
                "resolves": ct.model_class() is not None}
        try:
            item["admin_url"] = entry.get_admin_url()
            item["object_exists"] = entry.get_edited_object() is not None
            item["change_message"] = entry.get_change_message()
        except Exception as error:
            item["error"] = failure(error)
        if item.get("admin_url"):
            item["status"] = get(item["admin_url"])
        found.append(item)
    return found


# Key forms, as load_content writes them: <kind>:<slug>, source:<url>,
# procedure:<operator slug>/<slug> and decision_text:<node key>.
BY_KIND = {
    "source": ("guides", "Source", "url"),
    "document": ("guides", "Document", "slug"),
    "company": ("operators", "Company", "slug"),
    "operator": ("operators", "Operator", "slug"),
    "category": ("faq", "Category", "slug"),
    "entry": ("faq", "Entry", "slug"),
    "decision_text": ("guides", "DecisionText", "key"),
}


@section
def loaded_content():
    found = {}
    for record in model("guides", "LoadedContent").objects.order_by("key"):
        kind, _, rest = record.key.partition(":")
        count = None
        try:
            if kind == "procedure":
                operator, _, slug = rest.partition("/")
                count = model("guides", "Procedure").objects.filter(operator__slug=operator, slug=slug).count()
            elif kind in BY_KIND:
                app_label, model_name, field = BY_KIND[kind]
                count = model(app_label, model_name).objects.filter(**{field: rest}).count()
            problem = None if count == 1 else (f"unknown kind {kind!r}" if count is None else f"{count} objects match")
        except Exception as error:
            problem = failure(error)
        found[record.key] = {"data": record.data, "problem": problem}
    return found


def the_procedure():
    return model("guides", "Procedure").objects.get(operator__slug=given["procedure"][0], slug=given["procedure"][1])


@section
def edited():
    procedure = the_procedure()
    operators = model("operators", "Operator").objects
    return {
        "procedure_title_en": procedure.title_en,
        "procedure_verified_on": procedure.verified_on and procedure.verified_on.isoformat(),
        "procedure_verified_by": procedure.verified_by and procedure.verified_by.username,
        "first_step_body_en": procedure.steps.order_by("order", "pk").first().body_en,
        "operator_hours_note_en": operators.get(slug=given["operator"]).hours_note_en,
        "operator_summary_en": operators.get(slug=given["operator"]).summary_en,
        "untouched_operator_summary_en": operators.get(slug=given["untouched_operator"]).summary_en,
        "entry_answer_en": model("faq", "Entry").objects.get(slug=given["entry"]).answer_en,
        "decision_hint_en": model("guides", "DecisionText").objects.get(key=given["decision_key"]).hint_en,
    }


@section
def reports():
    return [
        [report.page, report.handled_by and report.handled_by.username]
        for report in model("feedback", "Report").objects.order_by("pk")
    ]


if given["restore"]:

    @section
    def restore():
        # Restore the procedure's first saved version (with its steps) as the admin's restore
        # does, then roll it back; and render the admin's history and restore pages.
        procedure = the_procedure()
        first_step = procedure.steps.order_by("order", "pk").first()
        history = list(Version.objects.get_for_object(procedure).order_by("pk"))
        oldest = history[0]
        old_step = next(
            v for v in oldest.revision.version_set.all()
            if v.content_type.model_class() is model("guides", "Step") and v.object_id == str(first_step.pk)
        )
        found = {"versions": len(history), "old_step_body_en": old_step.field_dict["body_en"]}
        with transaction.atomic():
            oldest.revision.revert()
            procedure.refresh_from_db()
            first_step.refresh_from_db()
            found["title_en"] = procedure.title_en
            found["step_body_en"] = first_step.body_en
            transaction.set_rollback(True)
        procedure.refresh_from_db()
        found["title_en_after_rollback"] = procedure.title_en
        found["history_page"] = get(reverse("admin:guides_procedure_history", args=[procedure.pk]))
        found["revision_page"] = get(reverse("admin:guides_procedure_revision", args=[procedure.pk, oldest.pk]))
        return found


with open(os.environ["UPGRADE_CHECK_OUTPUT"], "w", encoding="utf-8") as handle:
    json.dump(out, handle)
"""


def restore_dump(database: Path) -> None:
    with gzip.open(DUMP, "rt", encoding="utf-8") as handle:
        sql = handle.read()
    connection = sqlite3.connect(database)
    connection.executescript(sql)
    connection.close()


def read_dump(database: Path) -> dict:
    """What the previous release left in the database, read with sqlite3 before migrating."""
    connection = sqlite3.connect(database)

    def rows(query: str, *params) -> list[tuple]:
        return connection.execute(query, params).fetchall()

    marks = ",".join("?" * len(CONTENT_APPS))
    groups: dict[str, list[str]] = {}
    for name, permission in rows(
        "SELECT g.name, ct.app_label || '.' || p.codename FROM auth_group g"
        " LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id"
        " LEFT JOIN auth_permission p ON p.id = gp.permission_id"
        " LEFT JOIN django_content_type ct ON ct.id = p.content_type_id"
    ):
        groups.setdefault(name, [])
        if permission is not None:
            groups[name].append(permission)
    users: dict[str, list[str]] = {}
    for username, group in rows(
        "SELECT u.username, g.name FROM auth_user u LEFT JOIN auth_user_groups ug ON ug.user_id = u.id"
        " LEFT JOIN auth_group g ON g.id = ug.group_id"
    ):
        users.setdefault(username, [])
        if group is not None:
            users[username].append(group)
    revisions: dict[str, dict] = {}
    for revision_id, username, comment, model, object_id in rows(
        "SELECT r.id, u.username, r.comment, ct.app_label || '.' || ct.model, v.object_id"
        " FROM reversion_revision r LEFT JOIN auth_user u ON u.id = r.user_id"
        " LEFT JOIN reversion_version v ON v.revision_id = r.id"
        " LEFT JOIN django_content_type ct ON ct.id = v.content_type_id"
    ):
        revision = revisions.setdefault(str(revision_id), {"user": username, "comment": comment, "versions": []})
        if object_id is not None:
            revision["versions"].append(f"{model}:{object_id}")
    dump = {
        "content_types": sorted(
            f"{app}.{model}"
            for app, model in rows(
                f"SELECT app_label, model FROM django_content_type WHERE app_label IN ({marks})",  # noqa: S608
                *CONTENT_APPS,
            )
        ),
        "groups": {name: sorted(permissions) for name, permissions in groups.items()},
        "users": {name: sorted(names) for name, names in users.items()},
        "versions": [version_id for (version_id,) in rows("SELECT id FROM reversion_version ORDER BY id")],
        "revisions": {key: {**value, "versions": sorted(value["versions"])} for key, value in revisions.items()},
        "log_entries": [entry_id for (entry_id,) in rows("SELECT id FROM django_admin_log ORDER BY id")],
        "loaded_content": {key: json.loads(data) for key, data in rows("SELECT key, data FROM guides_loadedcontent")},
        "reports": rows(
            "SELECT r.page, u.username FROM feedback_report r LEFT JOIN auth_user u ON u.id = r.handled_by_id"
            " ORDER BY r.id"
        ),
    }
    connection.close()
    return dump


def subprocess_env(database: Path) -> dict[str, str]:
    """This process's environment, minus anything that could point the commands elsewhere."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "GUIDE_", "GUNICORN_")) and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    command = " ".join("<check script>" if arg == CHECK_SCRIPT else arg for arg in args)
    assert result.returncode == 0, (
        f"manage.py {command} failed on the previous release's database "
        f"(exit {result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result.stdout


def check(env: dict[str, str], output: Path, *, restore: bool) -> dict:
    given = {
        "apps": CONTENT_APPS,
        "editor": "editor",
        "procedure": PROCEDURE,
        "operator": OPERATOR,
        "untouched_operator": UNTOUCHED_OPERATOR,
        "entry": ENTRY,
        "decision_key": DECISION_KEY,
        "restore": restore,
    }
    manage(
        {**env, "UPGRADE_CHECK_OUTPUT": str(output), "UPGRADE_CHECK_INPUT": json.dumps(given)},
        "shell",
        "--no-imports",
        "-c",
        CHECK_SCRIPT,
    )
    return json.loads(output.read_text(encoding="utf-8"))


def load_content_report(stdout: str) -> dict[str, list[str]]:
    """`load_content -v 2` lists every key under its label; group them by label."""
    report: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        label, separator, key = line.strip().partition(": ")
        if separator and not line.startswith("Content loaded"):
            report.setdefault(label, []).append(key)
    return report


def part(result: dict, name: str):
    """One section of the check script's findings; its traceback if it crashed."""
    error = result["errors"].get(name)
    assert error is None, f"checking {name} on the upgraded database crashed:\n{error}"
    return result[name]


@dataclass
class Upgrade:
    env: dict[str, str]
    before: dict  # read from the dump before migrating
    after: dict  # the check script's findings right after migrating


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory) -> Upgrade:
    """The previous release's database, restored and migrated by this checkout's code."""
    workdir = tmp_path_factory.mktemp("upgrade")
    database = workdir / "previous_release.sqlite3"
    restore_dump(database)
    before = read_dump(database)
    # The fixture holds what the checks are about (guards against an empty or truncated dump).
    assert before["groups"].get("Editor") and before["groups"].get("Translator"), before["groups"]
    assert set(before["loaded_content"]) >= EDITED_KEYS, "the dump lacks the edited objects' records"
    assert len(before["versions"]) > 4 and len(before["log_entries"]) >= 5, "the dump lacks history"
    env = subprocess_env(database)
    manage(env, "migrate", "--no-input")
    return Upgrade(env=env, before=before, after=check(env, workdir / "after_migrate.json", restore=True))


@pytest.fixture(scope="module")
def loaded(upgrade, tmp_path_factory) -> tuple[str, dict]:
    """`load_content -v 2`'s output on the upgraded database, and the check script's findings after it."""
    stdout = manage(upgrade.env, "load_content", "-v", "2")
    return stdout, check(upgrade.env, tmp_path_factory.mktemp("loaded") / "after.json", restore=False)


def test_content_types_still_name_models(upgrade):
    after = part(upgrade.after, "content_types")
    lost = sorted(set(upgrade.before["content_types"]) - set(after))
    assert not lost, f"content types of the dump gone after migrate: {lost}"
    unresolved = sorted(name for name in upgrade.before["content_types"] if not after[name])
    assert not unresolved, f"content types that no longer resolve to a model class: {unresolved}"


def test_groups_keep_their_permissions_and_people(upgrade):
    after = part(upgrade.after, "groups")
    for name in ("Editor", "Translator"):
        assert name in after, f"group {name} is gone after migrate"
        missing = sorted(set(upgrade.before["groups"][name]) - set(after[name]))
        extra = sorted(
            permission
            for permission in set(after[name]) - set(upgrade.before["groups"][name])
            if f"{permission.split('.')[0]}.{permission.split('_', 1)[1]}" not in MODELS_SINCE_PREVIOUS_RELEASE
        )
        assert not missing and not extra, f"group {name}'s permissions changed: lost {missing}, gained {extra}"
    users = part(upgrade.after, "users")
    assert users == upgrade.before["users"], f"users or their groups changed: {upgrade.before['users']} → {users}"


def test_every_version_deserialises_and_every_revision_is_whole(upgrade):
    versions = {item["id"]: item for item in part(upgrade.after, "versions")}
    assert sorted(versions) == upgrade.before["versions"], "reversion versions were lost or added by migrate"
    broken = [item for item in versions.values() if "error" in item]
    assert not broken, f"versions that no longer deserialise with the current models: {broken}"
    mismatched = [
        item
        for item in versions.values()
        if not item["pk_matches"] or item["deserialised_as"] != item["model"] or not item["live_object"]
    ]
    assert not mismatched, f"versions that deserialise as another object, or whose object is gone: {mismatched}"
    dropped = {
        item["id"]: unexpected
        for item in versions.values()
        if (unexpected := set(item["dropped_fields"]) - FIELDS_MOVED_SINCE_PREVIOUS_RELEASE.get(item["model"], set()))
    }
    assert not dropped, f"fields saved in old versions that the current models no longer have: {dropped}"
    revisions = part(upgrade.after, "revisions")
    for revision_id, revision in upgrade.before["revisions"].items():
        now = revisions.get(revision_id)
        assert now is not None, f"revision {revision_id} is gone"
        assert now == revision, f"revision {revision_id} changed: was {revision}, now {now}"


def test_restoring_the_procedures_first_version_brings_it_back(upgrade):
    restore = part(upgrade.after, "restore")
    assert restore["versions"] == 2, f"the edited procedure has {restore['versions']} versions, not 2"
    assert restore["title_en"] == FIRST_TITLE, f"the restore gave the title {restore['title_en']!r}"
    assert restore["step_body_en"] == restore["old_step_body_en"] != STEP_BODY, (
        f"the restore did not bring back the first step's text: {restore['step_body_en']!r}"
    )
    assert restore["title_en_after_rollback"] == SECOND_TITLE, restore
    assert restore["history_page"] == 200, f"the procedure's admin history page answers {restore['history_page']}"
    assert restore["revision_page"] == 200, f"the admin's restore page answers {restore['revision_page']}"


def test_admin_log_entries_lead_to_their_objects(upgrade):
    entries = {item["id"]: item for item in part(upgrade.after, "log_entries")}
    assert sorted(entries) == upgrade.before["log_entries"], "admin log entries were lost or added by migrate"
    bad = [
        item
        for item in entries.values()
        if "error" in item
        or not item["resolves"]
        or not item["admin_url"]
        or not item["object_exists"]
        or item.get("status") != 200
    ]
    assert not bad, f"admin log entries that no longer lead to their object's admin page: {bad}"


def test_loaded_content_records_name_their_objects(upgrade):
    before = upgrade.before["loaded_content"]
    loaded = part(upgrade.after, "loaded_content")
    lost, gained = sorted(set(before) - set(loaded)), sorted(set(loaded) - set(before))
    assert not lost and not gained, f"loaded-content keys changed by migrate: lost {lost}, gained {gained}"
    changed = sorted(key for key, record in loaded.items() if record["data"] != before[key])
    assert not changed, f"loaded-content records whose data migrate changed: {changed}"
    dangling = {key: record["problem"] for key, record in loaded.items() if record["problem"]}
    assert not dangling, f"loaded-content keys that no longer name one object of their kind: {dangling}"


def test_load_content_recognises_everything_and_keeps_the_edits(upgrade, loaded):
    """Nothing re-created, nothing taken for deleted; of the objects whose shipped text changed
    since they were loaded, the edited ones stay as the editor made them and the untouched
    one is brought up to the new text."""
    stdout, after = loaded
    assert "Content loaded:" in stdout, stdout[-2000:]
    report = load_content_report(stdout)
    created = sorted(
        key
        for key in set(report.get("created", [])) - SHIPPED_SINCE_PREVIOUS_RELEASE
        if not key.startswith(KINDS_SINCE_PREVIOUS_RELEASE)
    )
    assert not created, (
        f"load_content created {created}: it no longer recognises what the previous release loaded "
        "(a key or a lookup changed), or this release ships new objects (list their keys in "
        f"SHIPPED_SINCE_PREVIOUS_RELEASE).\n{stdout[-2000:]}"
    )
    left_deleted = report.get("left deleted by an editor", [])
    assert not left_deleted, (
        f"load_content takes these for deleted by an editor, but nobody deleted them: {left_deleted}"
    )
    kept = set(report.get("kept editor's version", []))
    assert kept >= EDITED_KEYS, f"load_content did not keep the editor's changes of {sorted(EDITED_KEYS - kept)}"
    updated = set(report.get("updated", []))
    overwritten = sorted(EDITED_KEYS & updated)
    assert not overwritten, f"load_content overwrote the editor's changes of {overwritten}"
    assert f"operator:{UNTOUCHED_OPERATOR}" in updated, (
        f"load_content did not update operator {UNTOUCHED_OPERATOR}, which nobody edited; kept: {sorted(kept)}"
    )
    # Sources' titles became texts in four languages (guides 0007 copies the one English title
    # into title_en): the previous release's records still recognise them as untouched.
    sources = {key for key in upgrade.before["loaded_content"] if key.startswith("source:")}
    assert sources and sources <= updated, (
        f"sources the previous release loaded and nobody edited that load_content did not bring up to date: "
        f"{sorted(sources - updated)}; kept as editors' changes: {sorted(sources & kept)}"
    )

    edited = part(after, "edited")
    assert edited["procedure_title_en"] == SECOND_TITLE, edited
    assert edited["first_step_body_en"] == STEP_BODY, edited
    assert (edited["procedure_verified_on"], edited["procedure_verified_by"]) == ("2025-06-02", "editor"), edited
    assert edited["operator_hours_note_en"] == HOURS_NOTE, edited
    assert edited["operator_summary_en"].endswith(EARLIER), "the edited operator was brought up to the shipped text"
    assert edited["entry_answer_en"].endswith(ANSWER_SUFFIX), edited
    assert edited["decision_hint_en"] == HINT, edited
    assert not edited["untouched_operator_summary_en"].endswith(EARLIER), "the untouched operator was not updated"


def test_visitor_reports_survive(upgrade):
    reports = part(upgrade.after, "reports")
    expected = [list(row) for row in upgrade.before["reports"]]
    assert reports == expected, f"visitor reports (page, handled by) changed: {expected} → {reports}"


def test_models_match_migrations(upgrade):
    manage(upgrade.env, "makemigrations", "--check", "--dry-run")
