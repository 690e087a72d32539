"""Translators' PO files: export, import with a preview, line-level errors, all or nothing."""

from __future__ import annotations

import contextlib
import re

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from config import languages
from decide.models import DecisionText
from editorial import registry
from editorial.completeness import translated_fields
from editorial.roles import TRANSLATOR
from editors.translation_export import export_language, translatable_kinds
from editors.translation_import import ImportConflict, apply_import, parse_import
from guides.models import Procedure, Step
from serving import versions
from tests.factories import (
    DocumentFactory,
    OperatorFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

# A string of Django's own admin in each language (see tests/test_admin.py).
VIEW_SITE = {"en": "View site", "ru": "Открыть сайт", "kk": "Сайтты қарау", "zh-hans": "查看站点"}


# -- helpers ---------------------------------------------------------------------------------


def snapshot() -> dict[tuple[str, int, str], str]:
    """Every translatable column of every content object."""
    return {
        (kind.kind, obj.pk, languages.field_name(name, code)): getattr(obj, languages.field_name(name, code))
        for kind in translatable_kinds()
        for obj in kind.model.objects.all()
        for name in translated_fields(kind.model)
        for code in languages.CODES
    }


def edit(text: str, edits: dict[str, str]) -> str:
    """The PO text with new msgstrs for the given msgctxts."""
    po = polib.pofile(text)
    for context, msgstr in edits.items():
        entry = next(entry for entry in po if entry.msgctxt == context)
        entry.msgstr = msgstr
    return str(po)


def line_of(text: str, needle: str, *, after: str | None = None) -> int:
    """The 1-based number of the first line starting with `needle` (after the line starting with `after`)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(after)) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and line.startswith(needle)) + 1


@contextlib.contextmanager
def counting_saves():
    saved: list[object] = []

    def receiver(sender, instance, **kwargs):
        if registry.is_content(sender):  # content, not the history's own rows
            saved.append(instance)

    post_save.connect(receiver, weak=False, dispatch_uid="test-translation-saves")
    try:
        yield saved
    finally:
        post_save.disconnect(dispatch_uid="test-translation-saves")


@pytest.fixture
def procedure():
    """kcell/cancel with two steps and a document; Kazakh missing from step 2's body."""
    procedure = ProcedureFactory(
        operator=OperatorFactory(slug="kcell", name="Kcell"),
        slug="cancel",
        title_en="Cancel in person",
        title_kk="Кеңседе бұзу",
    )
    StepFactory(procedure=procedure, order=1, body_en="Bring your [ID card](https://egov.kz/id).")
    StepFactory(procedure=procedure, order=2, body_kk="")
    RequiredDocumentFactory(
        procedure=procedure, document=DocumentFactory(slug="passport"), audience="foreign", note_en="The original"
    )
    return procedure


# -- export ------------------------------------------------------------------------------------


def test_every_translated_model_is_exported():
    assert set(translator.get_registered_models()) <= {kind.model for kind in translatable_kinds()}


@pytest.mark.parametrize("code", languages.CODES)
def test_export_is_a_po_file_with_natural_keys(procedure, code):
    text = export_language(code=code)
    po = polib.pofile(text)
    assert po.metadata["Language"] == languages.get(code).locale
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Generator"] == "kz-sim-guide"
    assert po.metadata["Plural-Forms"].startswith("nplurals=")
    entries = {entry.msgctxt: entry for entry in po}
    title = entries["procedure:kcell/cancel#title"]
    assert title.msgid == "Cancel in person"
    assert title.msgstr == procedure.title_kk if code == "kk" else getattr(procedure, f"title_{code.replace('-', '_')}")
    assert "Procedure “Kcell — Cancel in person”: title" in title.comment
    assert "at most 200 characters" in title.comment
    assert "step:kcell/cancel/1#body" in entries
    assert "required_document:kcell/cancel/passport/foreign#note" in entries
    assert export_language(code=code) == text  # stable, so files can be compared


def test_missing_texts_are_empty_msgstrs_and_empty_fields_are_skipped(procedure):
    entries = {entry.msgctxt: entry for entry in polib.pofile(export_language(code="kk"))}
    assert entries["step:kcell/cancel/2#body"].msgstr == ""
    assert entries["step:kcell/cancel/2#body"].msgid
    assert "procedure:kcell/cancel#eligibility" not in entries  # empty in every language


def test_without_english_the_source_is_the_first_language_that_has_it(procedure):
    Procedure.objects.filter(pk=procedure.pk).update(summary_en="", summary_ru="Краткое описание")
    entry = next(e for e in polib.pofile(export_language(code="kk")) if e.msgctxt == "procedure:kcell/cancel#summary")
    assert entry.msgid == "Краткое описание"
    assert "Source text in ru" in entry.tcomment


def test_steps_sharing_an_order_are_named_by_id_and_still_round_trip(procedure):
    twin = StepFactory(procedure=procedure, order=2)
    text = export_language(code="kk")
    contexts = [entry.msgctxt for entry in polib.pofile(text)]
    assert f"step:{twin.pk}#body" in contexts
    assert not any(context.startswith("step:kcell/cancel/2#") for context in contexts)
    plan = parse_import(code="kk", text=edit(text, {f"step:{twin.pk}#title": "Екінші қадам"}))
    assert plan.ok and [(change.obj, change.new) for change in plan.changes] == [(twin, "Екінші қадам")]


# -- import: round trip and exact changes --------------------------------------------------------


def test_shipped_content_round_trips_unchanged_in_every_language(shipped_content):
    before = snapshot()
    for code in languages.CODES:
        plan = parse_import(code=code, text=export_language(code=code))
        assert (plan.errors, plan.warnings, plan.changes) == ([], [], []), code
        assert plan.entries > 500
        with counting_saves() as saved:
            assert apply_import(plan) == 0
        assert saved == []
    assert snapshot() == before


def test_an_edited_file_changes_exactly_the_edited_texts(shipped_content, monkeypatch):
    procedure = Procedure.objects.get(operator__slug="kcell", slug="cancel-in-person")
    step = procedure.steps.get(order=2)
    wording = DecisionText.objects.get(key="question:situation")
    before = snapshot()
    text = edit(
        export_language(code="kk"),
        {
            "procedure:kcell/cancel-in-person#title": "Шартты кеңседе бұзу (жаңа)",
            "step:kcell/cancel-in-person/2#body": "Жаңа мәтін.\n\nЕкінші абзац.",
            "decision_text:question:situation#text": "Не болды? (жаңа)",
        },
    )
    plan = parse_import(code="kk", text=text)
    assert plan.ok, plan.errors
    assert {(change.context, change.new) for change in plan.changes} == {
        ("procedure:kcell/cancel-in-person#title", "Шартты кеңседе бұзу (жаңа)"),
        ("step:kcell/cancel-in-person/2#body", "Жаңа мәтін.\n\nЕкінші абзац."),
        ("decision_text:question:situation#text", "Не болды? (жаңа)"),
    }
    assert snapshot() == before  # planning changes nothing

    invalidations = []
    monkeypatch.setattr(versions, "invalidate", lambda: invalidations.append(1))
    with counting_saves() as saved:
        assert apply_import(plan) == 3
    # Each changed object once; the step's procedure is the one its editors open anyway.
    assert sorted(type(obj).__name__ for obj in saved) == ["DecisionText", "Procedure", "Step"]
    expected = {
        **before,
        ("procedure", procedure.pk, "title_kk"): "Шартты кеңседе бұзу (жаңа)",
        ("step", step.pk, "body_kk"): "Жаңа мәтін.\n\nЕкінші абзац.",
        ("decision_text", wording.pk, "text_kk"): "Не болды? (жаңа)",
    }
    assert snapshot() == expected
    assert invalidations  # the public pages' cache is told (the saves' signals, and the import itself)
    # The import is in the history, as one revision.
    from reversion.models import Version

    assert Version.objects.get_for_object(step).count() == 1


def test_a_missing_translation_can_be_filled_in(procedure):
    step = procedure.steps.get(order=2)
    plan = parse_import(code="kk", text=edit(export_language(code="kk"), {"step:kcell/cancel/2#body": "Мәтін"}))
    assert [(change.old, change.new) for change in plan.changes] == [("", "Мәтін")]
    apply_import(plan)
    step.refresh_from_db()
    assert step.body_kk == "Мәтін"


def test_an_empty_msgstr_never_deletes_a_text(procedure):
    text = edit(export_language(code="kk"), {"procedure:kcell/cancel#title": ""})
    assert parse_import(code="kk", text=text).changes == []


def test_fuzzy_entries_are_not_applied(procedure):
    text = edit(
        export_language(code="kk"),
        {"procedure:kcell/cancel#title": "Жаңа атау", "step:kcell/cancel/1#title": "Бірінші қадам (жаңа)"},
    )
    po = polib.pofile(text)
    next(entry for entry in po if entry.msgctxt == "procedure:kcell/cancel#title").flags.append("fuzzy")
    text = str(po)
    plan = parse_import(code="kk", text=text)
    assert plan.ok
    assert [change.context for change in plan.changes] == ["step:kcell/cancel/1#title"]
    [warning] = plan.warnings
    assert warning.line == line_of(text, 'msgctxt "procedure:kcell/cancel#title"')
    assert "fuzzy" in warning.message
    apply_import(plan)
    procedure.refresh_from_db()
    assert procedure.title_kk == "Кеңседе бұзу"


def test_a_text_changed_after_planning_is_a_conflict_and_nothing_is_applied(procedure):
    text = edit(
        export_language(code="kk"),
        {"step:kcell/cancel/1#title": "Бірінші (жаңа)", "procedure:kcell/cancel#title": "Жаңа атау"},
    )
    plan = parse_import(code="kk", text=text)
    Procedure.objects.filter(pk=procedure.pk).update(title_kk="Someone else's edit")
    before = snapshot()
    with pytest.raises(ImportConflict):
        apply_import(plan)
    assert snapshot() == before


# -- import: broken files ------------------------------------------------------------------


def break_syntax(text: str) -> tuple[str, int]:
    needle = 'msgctxt "procedure:kcell/cancel#title"'
    line = line_of(text, "msgstr", after=needle)
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"')  # an unclosed string
    return "\n".join(lines), line


def unknown_context(text: str) -> tuple[str, int]:
    needle = 'msgctxt "procedure:kcell/cancel#title"'
    return text.replace(needle, 'msgctxt "procedure:kcell/no-such-procedure#title"'), line_of(text, needle)


def unknown_field(text: str) -> tuple[str, int]:
    needle = 'msgctxt "procedure:kcell/cancel#title"'
    return text.replace(needle, 'msgctxt "procedure:kcell/cancel#slug"'), line_of(text, needle)


def too_long(text: str) -> tuple[str, int]:
    text = edit(text, {"procedure:kcell/cancel#title": "ұ" * 201})  # max_length 200
    return text, line_of(text, "msgstr", after='msgctxt "procedure:kcell/cancel#title"')


def only_whitespace(text: str) -> tuple[str, int]:
    text = edit(text, {"procedure:kcell/cancel#title": "   "})
    return text, line_of(text, "msgstr", after='msgctxt "procedure:kcell/cancel#title"')


def wrong_language(text: str) -> tuple[str, int]:
    return text.replace('"Language: kk\\n"', '"Language: ru\\n"'), line_of(text, '"Language: kk')


def duplicate_context(text: str) -> tuple[str, int]:
    po = polib.pofile(text)
    original = next(entry for entry in po if entry.msgctxt == "procedure:kcell/cancel#title")
    po.append(polib.POEntry(msgctxt=original.msgctxt, msgid=original.msgid, msgstr="Тағы бір"))
    text = str(po)
    lines = text.split("\n")
    second = [i for i, line in enumerate(lines) if line == 'msgctxt "procedure:kcell/cancel#title"'][1]
    return text, second + 1


def dropped_link(text: str) -> tuple[str, int]:
    text = edit(text, {"step:kcell/cancel/1#body": "Жеке куәлікті [алып келіңіз] (https://egov.kz/id)."})
    return text, line_of(text, "msgstr", after='msgctxt "step:kcell/cancel/1#body"')


def unsafe_link(text: str) -> tuple[str, int]:
    text = edit(text, {"step:kcell/cancel/1#body": "Жеке куәлікті [алып келіңіз](javascript:alert(1))."})
    return text, line_of(text, "msgstr", after='msgctxt "step:kcell/cancel/1#body"')


def two_lines_in_a_one_line_field(text: str) -> tuple[str, int]:
    text = edit(text, {"procedure:kcell/cancel#title": "Бір\nекі"})
    return text, line_of(text, "msgstr", after='msgctxt "procedure:kcell/cancel#title"')


@pytest.mark.parametrize(
    "breakage",
    [
        break_syntax,
        unknown_context,
        unknown_field,
        too_long,
        only_whitespace,
        wrong_language,
        duplicate_context,
        dropped_link,
        unsafe_link,
        two_lines_in_a_one_line_field,
    ],
)
def test_a_broken_file_changes_nothing_and_reports_the_line(procedure, breakage):
    # A good edit in the same file must not be applied either.
    text = edit(export_language(code="kk"), {"step:kcell/cancel/1#title": "Жақсы өзгеріс"})
    broken, line = breakage(text)
    before = snapshot()
    plan = parse_import(code="kk", text=broken)
    assert not plan.ok
    assert line in [error.line for error in plan.errors], plan.errors
    with pytest.raises(ValueError):
        apply_import(plan)
    assert snapshot() == before


def test_a_file_that_is_not_po_at_all_reports_its_first_bad_line(procedure):
    plan = parse_import(code="kk", text="title,text\nprocedure,Hello\n")
    assert [error.line for error in plan.errors][:2] == [1, 2]


def test_a_bare_file_name_is_not_read_from_disk(procedure, settings):
    plan = parse_import(code="kk", text=str(settings.BASE_DIR / "locale" / "kk" / "LC_MESSAGES" / "django.po"))
    assert not plan.ok and plan.entries == 0


# -- management commands --------------------------------------------------------------------------


def test_commands_export_and_import(procedure, tmp_path, capsys):
    path = tmp_path / "kk.po"
    call_command("export_translations", language="kk", output=path)
    path.write_text(edit(path.read_text(), {"procedure:kcell/cancel#title": "Жаңа атау"}), encoding="utf-8")

    call_command("import_translations", str(path), language="kk", dry_run=True)
    assert "procedure:kcell/cancel#title" in capsys.readouterr().out
    procedure.refresh_from_db()
    assert procedure.title_kk == "Кеңседе бұзу"

    call_command("import_translations", str(path), language="kk")
    procedure.refresh_from_db()
    assert procedure.title_kk == "Жаңа атау"


def test_import_command_fails_on_errors_and_prints_lines(procedure, tmp_path, capsys):
    path = tmp_path / "kk.po"
    broken, line = too_long(export_language(code="kk"))
    path.write_text(broken, encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_translations", str(path), language="kk")
    assert f"{path}:{line}: error:" in capsys.readouterr().err
    assert snapshot() == before


# -- admin pages ------------------------------------------------------------------------------------


def staff_user(name: str, *, group: str | None = None):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "correct-horse-battery", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def upload(client, text: str, *, code: str = "kk", **headers):
    file = ("kk.po", text.encode())
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("translations:preview"),
        {"language": code, "file": SimpleUploadedFile(file[0], file[1], content_type="text/x-gettext-translation")},
        **headers,
    )


def assert_no_inline_script_or_style(page: str) -> None:
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page


@pytest.mark.parametrize("code", languages.CODES)
def test_download_upload_preview_confirm_in_every_admin_language(translator_client, procedure, code):
    headers = {"HTTP_ACCEPT_LANGUAGE": code}
    page = translator_client.get(reverse("translations:index"), **headers)
    assert page.status_code == 200
    assert page.headers["Content-Language"] == code
    assert VIEW_SITE[code] in page.content.decode()
    assert_no_inline_script_or_style(page.content.decode())

    download = translator_client.get(reverse("translations:download"), {"language": "kk"}, **headers)
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="kz-sim-guide-kk.po"'
    text = download.content.decode()
    assert text == export_language(code="kk")

    preview = upload(translator_client, edit(text, {"procedure:kcell/cancel#title": "Жаңа атау"}), **headers)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert preview.headers["Content-Language"] == code
    assert_no_inline_script_or_style(body)
    [change] = preview.context["plan"].changes
    assert (change.old, change.new) == ("Кеңседе бұзу", "Жаңа атау")
    assert "Жаңа атау" in body and "Кеңседе бұзу" in body
    assert reverse("admin:guides_procedure_change", args=[procedure.pk]) in body
    procedure.refresh_from_db()
    assert procedure.title_kk == "Кеңседе бұзу"  # the preview changes nothing

    done = translator_client.post(
        reverse("translations:confirm"), {"token": preview.context["token"]}, follow=True, **headers
    )
    assert done.status_code == 200
    assert len(list(done.context["messages"])) == 1
    procedure.refresh_from_db()
    assert procedure.title_kk == "Жаңа атау"


def test_preview_of_a_broken_file_lists_line_errors_and_offers_no_confirm(translator_client, procedure):
    broken, line = unknown_context(export_language(code="kk"))
    page = upload(translator_client, broken)
    assert page.status_code == 200
    assert [error.line for error in page.context["plan"].errors] == [line]
    assert page.context["token"] is None
    body = page.content.decode()
    assert f"<td>{line}</td>" in body
    assert reverse("translations:confirm") not in body


def test_a_file_that_is_not_utf8_is_refused_with_its_line(translator_client, procedure):
    text = export_language(code="kk").encode() + b'\nmsgctxt "x"\nmsgid "\xff"\nmsgstr ""\n'
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = translator_client.post(
        reverse("translations:preview"), {"language": "kk", "file": SimpleUploadedFile("kk.po", text)}
    )
    [error] = page.context["plan"].errors
    assert error.line == text.count(b"\n") - 1


def test_a_tampered_or_foreign_confirmation_is_refused(translator_client, procedure, client):
    preview = upload(translator_client, edit(export_language(code="kk"), {"procedure:kcell/cancel#title": "Жаңа"}))
    token = preview.context["token"]
    tampered = translator_client.post(reverse("translations:confirm"), {"token": token[:-2] + "xx"})
    assert tampered.status_code == 302
    other = Client()
    other.force_login(staff_user("other", group=TRANSLATOR))
    assert other.post(reverse("translations:confirm"), {"token": token}).status_code == 302
    procedure.refresh_from_db()
    assert procedure.title_kk == "Кеңседе бұзу"


def test_a_change_after_the_preview_is_shown_again_not_applied(translator_client, procedure):
    text = edit(export_language(code="kk"), {"procedure:kcell/cancel#title": "Жаңа"})
    token = upload(translator_client, text).context["token"]
    Procedure.objects.filter(pk=procedure.pk).update(title_kk="Бөтен түзету")
    page = translator_client.post(reverse("translations:confirm"), {"token": token})
    assert page.status_code == 200
    # The file's base is no longer the text in the guide: refused, with its line.
    assert page.context["plan"].changes == []
    assert "changed in the guide after the file was exported" in page.context["plan"].errors[0].message
    procedure.refresh_from_db()
    assert procedure.title_kk == "Бөтен түзету"


def test_the_confirmation_needs_a_csrf_token(procedure):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff_user("translator", group=TRANSLATOR))
    assert strict.post(reverse("translations:confirm"), {"token": "x"}).status_code == 403


@pytest.mark.parametrize("name", ["index", "download", "preview", "confirm"])
def test_only_staff_who_may_change_procedures_get_in(client, procedure, name):
    url = reverse(f"translations:{name}")
    method = client.get if name in ("index", "download") else client.post
    anonymous = method(url)
    assert anonymous.status_code == 302 and reverse("admin:login") in anonymous["Location"]
    client.force_login(staff_user("nobody"))
    assert method(url).status_code == 403


# -- the public site -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_before_the_import_shows_the_new_text_after_it(client):
    procedure = ProcedureFactory(operator=OperatorFactory(slug="kcell"), slug="cancel", title_kk="Ескі атау")
    StepFactory(procedure=procedure, order=1)
    url = "/kk/operators/kcell/cancel/"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    apply_import(
        parse_import(code="kk", text=edit(export_language(code="kk"), {"procedure:kcell/cancel#title": "Жаңа атау"}))
    )
    page = client.get(url)
    assert page["X-Cache"] == "miss"
    assert "Жаңа атау" in page.content.decode()
    assert Step.objects.count() == 1


# -- the exported text's base: no editor's change silently overwritten -----------------------


def test_an_import_refuses_a_text_changed_in_the_guide_after_the_export(procedure):
    exported = export_language(code="kk")
    procedure.title_kk = "Редактор өзгертті"  # an editor changes it after the export
    procedure.save()
    plan = parse_import(code="kk", text=edit(exported, {"procedure:kcell/cancel#title": "Аудармашының нұсқасы"}))
    assert [problem.line for problem in plan.errors] == [
        line_of(exported, "msgstr", after='msgctxt "procedure:kcell/cancel#title"')
    ]
    assert "changed in the guide after the file was exported" in plan.errors[0].message
    procedure.refresh_from_db()
    assert procedure.title_kk == "Редактор өзгертті"


def test_an_entry_left_as_exported_never_undoes_a_later_change(procedure):
    exported = export_language(code="kk")
    procedure.title_kk = "Редактор өзгертті"
    procedure.save()
    plan = parse_import(code="kk", text=exported)  # the translator changed nothing
    assert plan.errors == [] and plan.changes == []


def test_the_base_is_in_every_exported_entry(procedure):
    entries = [entry for entry in polib.pofile(export_language(code="ru")) if entry.msgid]
    assert entries and all("base: " in entry.comment for entry in entries)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1f", "\x9f", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe"])
def test_a_control_character_in_a_translation_is_reported_with_its_line(procedure, character):
    exported = export_language(code="kk")
    plan = parse_import(code="kk", text=edit(exported, {"procedure:kcell/cancel#title": f"Жаңа{character} атау"}))
    assert [problem.line for problem in plan.errors] == [
        line_of(exported, "msgstr", after='msgctxt "procedure:kcell/cancel#title"')
    ]
    assert f"U+{ord(character):04X}" in plan.errors[0].message
    procedure.refresh_from_db()
    assert procedure.title_kk == "Кеңседе бұзу"


# -- The termbase's terms in the translators' files ------------------------------------------

CANCEL_TERMS = "term: terminate the contract — ru: расторжение договора; kk: шартты бұзу; zh-hans: 注销号码"


@pytest.mark.parametrize("code", languages.CODES)
def test_each_entry_carries_the_terms_it_speaks_of(procedure, code):
    entries = {entry.msgctxt: entry for entry in polib.pofile(export_language(code=code))}
    title = entries["procedure:kcell/cancel#title"]  # "Cancel in person" / "Кеңседе бұзу"
    # A long comment line is wrapped like any PO comment; read it as one.
    assert CANCEL_TERMS in " ".join(title.comment.split())
    step = entries["step:kcell/cancel/1#body"]  # "Bring your ID card": no concept of the termbase
    assert not [line for line in step.comment.splitlines() if line.startswith("term:")]


def test_terms_are_found_by_a_variant_in_a_translation_too(procedure):
    step = procedure.steps.get(order=1)
    step.body_en = "Check what is left on the account."
    step.body_kk = "Баланс қанша екенін тексеріңіз."
    step.save()
    entry = next(e for e in polib.pofile(export_language(code="ru")) if e.msgctxt == "step:kcell/cancel/1#body")
    assert "term: balance — ru: баланс; kk: теңгерім; zh-hans: 余额" in " ".join(entry.comment.split())


def test_the_import_ignores_the_term_comments(procedure):
    po = polib.pofile(export_language(code="kk"))
    for entry in po:
        entry.comment = "\n".join(
            line if not line.startswith("term:") else "term: something else entirely"
            for line in entry.comment.splitlines()
        )
    title = next(entry for entry in po if entry.msgctxt == "procedure:kcell/cancel#title")
    title.msgstr = "Kcell нөмірі бойынша шартты кеңседе бұзу"
    plan = parse_import(code="kk", text=str(po))
    assert (plan.errors, plan.warnings) == ([], [])
    assert [(change.context, change.new) for change in plan.changes] == [
        ("procedure:kcell/cancel#title", "Kcell нөмірі бойынша шартты кеңседе бұзу")
    ]


# -- Stale entries and huge files (issue 22) --------------------------------------------------


def test_an_entry_whose_base_line_was_removed_is_refused_as_stale(procedure):
    exported = export_language(code="kk")
    po = polib.pofile(exported)
    for entry in po:
        if entry.msgctxt == "procedure:kcell/cancel#title":
            entry.comment = "\n".join(line for line in entry.comment.splitlines() if not line.startswith("base:"))
            entry.msgstr = "Басқа атау"
    plan = parse_import(code="kk", text=str(po))
    assert len(plan.errors) == 1
    assert "base:" in plan.errors[0].message
    assert not plan.changes


def test_a_file_with_thousands_of_errors_shows_the_first_200_and_the_count(translator_client, procedure):
    broken = export_language(code="kk") + "".join(
        f'\nmsgctxt "procedure:nowhere/{n}#title"\nmsgid "x"\nmsgstr "y"\n' for n in range(3000)
    )
    page = upload(translator_client, broken)
    assert page.status_code == 200
    assert len(page.context["plan"].errors) == 3000
    body = page.content.decode()
    assert body.count("<code>procedure:nowhere/") == 200
    with translation.override("en"):
        assert "The first 200 of 3000 are shown." in body
    assert len(body) < 200_000


def test_a_change_note_longer_than_the_admin_allows_is_refused(procedure):
    from editorial import change_notes

    note = change_notes.record_major_change(procedure, notes={"en": "Bring the SIM card as well."})
    plan = parse_import(code="kk", text=edit(export_language(code="kk"), {f"change_note:{note.pk}#note": "Ә" * 700}))
    assert len(plan.errors) == 1
    assert "600" in plan.errors[0].message
    assert not plan.changes
