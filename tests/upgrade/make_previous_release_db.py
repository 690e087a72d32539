"""Make ``previous_release.sql.gz``: a database as a live site of the previous release has it.

Made by the release at commit b5b8968 ("Review mends: languages.field_names() is the one
place ..."). ``test_upgrade.py`` migrates it with the current code and checks that the
history, the groups and the loaded-content records all survive.

What the database holds: the schema of that release (``migrate``), the shipped content
(loaded by that release's ``load_content``), an editor in group Editor and a translator in
group Translator, and real edits made through the admin by the editor — so django-reversion
recorded revisions with versions and the admin recorded LogEntry rows:

- procedure ``kcell/cancel-in-person``, saved twice with its step and document inlines
  (first: English title changed and marked verified by the editor; second: English title
  and the first step's English text changed), so a restore has an older version to go to;
- operator ``kcell`` (English opening hours), FAQ entry ``cancel-or-suspend`` (English
  answer) and the decision flow's ``question:situation`` (English hint);
- two visitor reports, one marked handled by the editor through the admin action.

The content is the release's own ``content/``, except that five objects were loaded with an
earlier English wording (``EARLIER`` appended to one text each): the four the editor then
edits, and operator ``beeline``, which nobody edits. So the upgraded site's
``load_content`` meets both real cases of shipped text that changed since the last load:
an object an editor changed (kept as the editor made it) and one nobody touched (brought
up to the new text). With the shipped text unchanged, ``load_content`` would call the
edited objects merely "unchanged" and never compare them with what it loaded.

The clock is frozen and passwords use a fixed salt, so running it twice writes the same
bytes. To make it again (only ever with that release's code):

    git worktree add /tmp/kzsim-b5b8968 b5b8968
    cp tests/upgrade/make_previous_release_db.py /tmp/kzsim-b5b8968/
    cd /tmp/kzsim-b5b8968
    /path/to/.venv/bin/python make_previous_release_db.py --output /path/to/tests/upgrade/previous_release.sql.gz
    cd - && git worktree remove /tmp/kzsim-b5b8968

The script makes its own throw-away SQLite file (it never touches DATABASE_URL's database)
and must be run with the checkout it should use as the working directory.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

RELEASE = "b5b8968"
FROZEN_AT = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "previous_release.sql.gz"

# What the editor changes; test_upgrade.py looks for these texts after the upgrade.
PROCEDURE = ("kcell", "cancel-in-person")
FIRST_TITLE = "Cancel a Kcell number in person (edited before the upgrade)"
SECOND_TITLE = "Cancel a Kcell number in person (edited twice before the upgrade)"
STEP_BODY = "Take your ID to a Kcell office. (Edited before the upgrade.)"
OPERATOR = "kcell"
HOURS_NOTE = "Offices: Mon–Sat 9:00–20:00 (edited before the upgrade)."
ENTRY = "cancel-or-suspend"
ANSWER_SUFFIX = "\n\n(Edited before the upgrade.)"
DECISION_KEY = "question:situation"
HINT = "Pick the closest one (edited before the upgrade)."
# Appended to one English text of each of these when they are loaded (see the docstring).
EARLIER = " (as shipped by an earlier release)"
UNTOUCHED_OPERATOR = "beeline"


def earlier_content(content: Path, target: Path) -> Path:
    """A copy of ``content/`` where five objects carry an earlier English wording."""
    import yaml

    shutil.copytree(content, target)

    def rewrite(name: str, change) -> None:
        path = target / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def operator(data):
        data["summary"]["en"] += EARLIER
        if data["slug"] == PROCEDURE[0]:
            procedure = next(item for item in data["procedures"] if item["slug"] == PROCEDURE[1])
            procedure["summary"]["en"] += EARLIER

    def faq(data):
        entry = next(item for category in data for item in category.get("entries") or [] if item["slug"] == ENTRY)
        entry["question"]["en"] += EARLIER

    def decision(data):
        kind, _, name = DECISION_KEY.partition(":")
        data[f"{kind}s"][name]["text"]["en"] += EARLIER

    rewrite(f"operators/{OPERATOR}.yaml", operator)
    rewrite(f"operators/{UNTOUCHED_OPERATOR}.yaml", operator)
    rewrite("faq.yaml", faq)
    rewrite("decision.yaml", decision)
    return target


class FormReader(HTMLParser):
    """What a browser would submit from the page's <form id=...> (the admin header has a logout form too)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.done = False
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.select_multiple = False
        self.options: list[tuple[str, bool]] = []
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select, self.select_multiple, self.options = name, "multiple" in attrs, []
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "textarea" and self.textarea is not None:
            # Like a browser: the newline right after <textarea> is not part of the value.
            text = self.text[1:] if self.text.startswith("\n") else self.text
            self.fields.append((self.textarea, text.replace("\r\n", "\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
            self.options.append((value, self.option["selected"]))
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not self.select_multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "form":
            self.in_form, self.done = False, True


def form_data(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # The admin's change form is <form id="<model name>_form">; its URL is /admin/<app>/<model>/<pk>/change/.
    reader = FormReader(form_id=f"{url.rstrip('/').split('/')[-3]}_form")
    reader.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        if "__prefix__" not in name:  # the inlines' empty template forms
            data.setdefault(name, []).append(value)
    return data


def save_change_form(client, url: str, changes: dict[str, str]) -> None:
    """Open an admin change form, change some fields as a person would, and save it."""
    data = form_data(client, url)
    for name, value in changes.items():
        assert name in data, f"{url}: the form has no field {name!r}"
        data[name] = [value]
    data["_save"] = ["Save"]
    response = client.post(url, data)
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] if context and "adminform" in context else []
        for inline in (context or {}).get("inline_admin_formsets", []):
            errors += [inline.formset.errors, inline.formset.non_form_errors()]
        raise SystemExit(f"saving {url} failed ({response.status_code}): {errors}")


def build(workdir: Path) -> Path:
    database = workdir / "previous.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)  # invalidations must not reach a real cache
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(Path.cwd()))

    import django
    import time_machine

    with time_machine.travel(FROZEN_AT, tick=False) as clock:
        django.setup()
        from django.apps import apps
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        setup_test_environment()  # the test client's host name is allowed
        call_command("migrate", interactive=False, verbosity=0)
        clock.shift(datetime.timedelta(minutes=5))
        # The release's own loader (its command takes no directory), on the copy above.
        from guides.content import load_content

        report = load_content(earlier_content(Path.cwd() / "content", workdir / "content"))
        print(f"load_content: {report.summary()}")

        clock.shift(datetime.timedelta(hours=1))
        users = get_user_model()
        editor = users.objects.create(
            username="editor",
            email="editor@example.org",
            first_name="Aigerim",
            is_staff=True,
            password=make_password("editor-password-for-the-fixture", salt="upgradefixture1"),
        )
        editor.groups.add(Group.objects.get(name="Editor"))
        translator = users.objects.create(
            username="translator",
            email="translator@example.org",
            first_name="Li",
            is_staff=True,
            password=make_password("translator-password-for-the-fixture", salt="upgradefixture2"),
        )
        translator.groups.add(Group.objects.get(name="Translator"))

        client = Client()
        client.force_login(editor)

        def change_url(app_label: str, model_name: str, obj) -> str:
            return reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])

        procedure_model = apps.get_model("guides", "Procedure")
        procedure = procedure_model.objects.get(operator__slug=PROCEDURE[0], slug=PROCEDURE[1])
        url = change_url("guides", "procedure", procedure)
        clock.shift(datetime.timedelta(minutes=10))
        save_change_form(
            client,
            url,
            {"title_en": FIRST_TITLE, "verified_on": "2025-06-02", "verified_by": str(editor.pk)},
        )
        clock.shift(datetime.timedelta(minutes=10))
        first_step = procedure.steps.order_by("order", "pk").first()
        data = form_data(client, url)
        step_id_field = next(
            name for name, values in data.items() if name.endswith("-id") and values == [str(first_step.pk)]
        )
        prefix = step_id_field.removesuffix("-id")  # e.g. "steps-0"
        save_change_form(client, url, {"title_en": SECOND_TITLE, f"{prefix}-body_en": STEP_BODY})

        clock.shift(datetime.timedelta(minutes=10))
        operator = apps.get_model("operators", "Operator").objects.get(slug=OPERATOR)
        save_change_form(client, change_url("operators", "operator", operator), {"hours_note_en": HOURS_NOTE})

        clock.shift(datetime.timedelta(minutes=10))
        entry = apps.get_model("faq", "Entry").objects.get(slug=ENTRY)
        save_change_form(client, change_url("faq", "entry", entry), {"answer_en": entry.answer_en + ANSWER_SUFFIX})

        clock.shift(datetime.timedelta(minutes=10))
        text = apps.get_model("guides", "DecisionText").objects.get(key=DECISION_KEY)
        save_change_form(client, change_url("guides", "decisiontext", text), {"hint_en": HINT})

        report_model = apps.get_model("feedback", "Report")
        clock.shift(datetime.timedelta(minutes=10))
        handled = report_model.objects.create(
            page="/en/operators/kcell/", language="en", message="The office hours look out of date."
        )
        clock.shift(datetime.timedelta(minutes=10))
        report_model.objects.create(page="/ru/faq/", language="ru", message="Опечатка в ответе.")
        clock.shift(datetime.timedelta(minutes=10))
        response = client.post(
            reverse("admin:feedback_report_changelist"),
            {"action": "mark_handled", "_selected_action": [str(handled.pk)], "index": "0"},
        )
        assert response.status_code == 302, response.status_code
        handled.refresh_from_db()
        assert handled.handled_by_id == editor.pk, "the report was not marked handled"

        # Sessions and sign-in logs carry random keys and are no part of what must survive.
        with connection.cursor() as cursor:
            for table in ("django_session", "axes_accesslog", "axes_accessattempt", "axes_accessfailurelog"):
                if table in connection.introspection.table_names(cursor):
                    cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608  (fixed table names)
        connection.close()
    return database


def dump(database: Path, output: Path) -> None:
    source = sqlite3.connect(database)
    source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text = "\n".join(source.iterdump()) + "\n"
    source.close()
    with output.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    print(f"wrote {output}: {output.stat().st_size} bytes compressed, {len(text.encode())} bytes of SQL")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--keep-db", type=Path, help="Also copy the SQLite database here.")
    args = parser.parse_args()
    if not (Path.cwd() / "manage.py").exists():
        raise SystemExit("Run this with the release's checkout as the working directory.")
    with tempfile.TemporaryDirectory(prefix="kzsim-previous-") as workdir:
        database = build(Path(workdir))
        if args.keep_db:
            args.keep_db.write_bytes(database.read_bytes())
        dump(database, args.output)


if __name__ == "__main__":
    main()
