"""load_content: loads the shipped files, is idempotent, and never overwrites an editor."""

import re
import shutil

import pytest
import yaml
from django.core.management import call_command

from editors.content_loader import ContentError, load_content
from guides.models import Document, Procedure, Step
from operators.models import Operator

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything load_content writes, as comparable rows."""
    from django.apps import apps

    rows = {}
    for label in (
        "operators.Company",
        "operators.Operator",
        "guides.Procedure",
        "guides.Step",
        "guides.RequiredDocument",
        "guides.Document",
        "guides.Source",
        "faq.Category",
        "faq.Entry",
    ):
        model = apps.get_model(label)
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in ("updated_at", "created_at")]
        rows[label] = sorted(model.objects.values_list(*fields), key=repr)
    return rows


def test_shipped_content_loads():
    report = load_content()
    assert report.created
    assert Operator.objects.exists()
    assert Procedure.objects.published().exists()


def test_command_reports_what_it_did(capsys):
    call_command("load_content")
    first = capsys.readouterr().out
    call_command("load_content")
    second = capsys.readouterr().out
    assert "created" in first and "Content loaded" in first
    assert "created 0, updated 0" in second


def test_second_run_creates_and_changes_nothing(shipped_content):
    before = snapshot()
    report = load_content()
    assert report.created == []
    assert report.updated == []
    assert snapshot() == before


def test_an_editors_change_survives_a_reload_even_when_the_shipped_text_changes(shipped_content, content_copy):
    procedure = Procedure.objects.published().first()
    procedure.title_ru = "Правка редактора"
    procedure.save()
    # The shipped text of the same procedure changes too.
    path = content_copy / "operators" / f"{procedure.operator.slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shipped = next(p for p in data["procedures"] if p["slug"] == procedure.slug)
    shipped["title"]["ru"] = "Новый текст из репозитория"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    report = load_content(content_copy)
    procedure.refresh_from_db()
    assert procedure.title_ru == "Правка редактора"
    assert f"procedure:{procedure.operator.slug}/{procedure.slug}" in report.kept_editor_changes


def test_an_edited_step_counts_as_an_editors_change(shipped_content, content_copy):
    step = Step.objects.first()
    step.body_en = "Edited by a person"
    step.save()
    path = content_copy / "operators" / f"{step.procedure.operator.slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shipped = next(p for p in data["procedures"] if p["slug"] == step.procedure.slug)
    shipped.setdefault("summary", {})["en"] = "Shipped summary changed"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_content(content_copy)
    step.refresh_from_db()
    assert step.body_en == "Edited by a person"


def test_untouched_objects_follow_the_shipped_text(shipped_content, content_copy):
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["procedures"][0]["steps"][0]["title"]["kk"] = "Жаңартылған қадам"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = load_content(content_copy)
    slug = data["procedures"][0]["slug"]
    assert report.updated == [f"procedure:kcell/{slug}"]
    assert Procedure.objects.get(operator__slug="kcell", slug=slug).steps.first().title_kk == "Жаңартылған қадам"


def test_an_object_an_editor_deleted_stays_deleted(shipped_content):
    procedure = Procedure.objects.first()
    procedure.delete()
    report = load_content()
    assert f"procedure:{procedure.operator.slug}/{procedure.slug}" in report.left_deleted
    assert not Procedure.objects.filter(operator=procedure.operator, slug=procedure.slug).exists()


def test_shipped_content_is_never_marked_verified(shipped_content):
    assert not Procedure.objects.filter(verified_on__isnull=False).exists()
    assert not Operator.objects.filter(verified_on__isnull=False).exists()


def test_a_broken_file_loads_nothing(content_copy):
    (content_copy / "faq.yaml").write_text("- slug: x\n  name: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_content(content_copy)
    assert not Operator.objects.exists()


def test_an_unknown_language_is_refused(content_copy):
    path = content_copy / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["name"]["de"] = "Ausweis"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown languages"):
        load_content(content_copy)


# -- every broken input: one line naming the file (and line), nothing written -----------------


def _break_missing(root):
    (root / "documents.yaml").unlink()


def _break_folder(root):
    shutil.rmtree(root / "operators")


def _break_encoding(root):
    path = root / "companies.yaml"
    path.write_bytes(path.read_bytes().replace("ТОО".encode(), b"\xff\xfe", 1))


def _break_type(root):
    (root / "sources.yaml").write_text("url: https://example.org\n", encoding="utf-8")


def _break_item(root):
    (root / "faq.yaml").write_text("- just a line of text\n", encoding="utf-8")


def _break_directory(root):
    (root / "faq.yaml").unlink()
    (root / "faq.yaml").mkdir()


def _break_control(root):
    path = root / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["name"]["en"] = "Pass\x00port"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _break_yaml(root):
    (root / "companies.yaml").write_text("- slug: a\n  name: {en: [unclosed\n", encoding="utf-8")


def _break_twice_a_key(root):
    path = root / "operators" / "kcell.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    kind: cancel\n", "    kind: cancel\n    kind: suspend\n", 1), encoding="utf-8")


def _break_one_slug_twice(root):
    path = root / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["procedures"].append({**data["procedures"][0], "kind": "suspend"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _break_date(root):
    path = root / "operators" / "kcell.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("first_published: 2026-11-21", "first_published: 2026-02-30", 1), encoding="utf-8")


def _break_note_length(root):
    path = root / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["changes"][0]["note"]["en"] = "Bring the SIM card. " * 250  # 5,000 characters; the admin allows 600
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _break_noncharacter(root):
    path = root / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["name"]["en"] = "Pass\uffffport"
    # Written as YAML's escape: the character itself is refused by YAML's reader anyway.
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")


BREAKAGES = {
    "a missing file": (_break_missing, r"^documents\.yaml: missing$"),
    "a missing folder": (_break_folder, r"^operators/: the folder of operator files is missing$"),
    "invalid UTF-8": (_break_encoding, r"^companies\.yaml, line \d+: not UTF-8 text$"),
    "a document of the wrong type": (_break_type, r"^sources\.yaml: expected a list, found a mapping$"),
    "a record that is not a mapping": (_break_item, r"^faq\.yaml: item 1 is a text, not a mapping"),
    "a folder in place of a file": (_break_directory, r"^faq\.yaml: not a file$"),
    "a control character": (_break_control, r"^documents\.yaml .*contains a control character \(U\+0000\)$"),
    "a YAML syntax error": (_break_yaml, r"^companies\.yaml, line \d+: not valid YAML: "),
    "a key written twice": (_break_twice_a_key, r"^operators/kcell\.yaml, line \d+: .*the key 'kind' is written twice"),
    "two procedures with one slug": (
        _break_one_slug_twice,
        r"^kcell\.yaml cancel-in-person: 'procedure:kcell/cancel-in-person' is already defined at kcell\.yaml ",
    ),
    "30 February": (_break_date, r"^operators/kcell\.yaml, line \d+: .*'2026-02-30' is not a date"),
    "a change note of 5,000 characters": (_break_note_length, r"^kcell\.yaml.*600"),
    "a noncharacter": (_break_noncharacter, r"^documents\.yaml .*\(U\+FFFF\)$"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_every_broken_input_is_one_line_naming_the_file_and_writes_nothing(content_copy, breakage):
    breaks, message = BREAKAGES[breakage]
    breaks(content_copy)
    with pytest.raises(ContentError) as error:
        load_content(content_copy)
    text = str(error.value).replace(f"{content_copy.name}/", "")
    assert re.search(message, text), text
    assert "\n" not in text
    assert not Operator.objects.exists() and not Document.objects.exists()


def test_the_command_answers_with_the_one_line_and_no_traceback(content_copy):
    # CommandError: Django prints "CommandError: <message>" and exits with status 1.
    from django.core.management import CommandError

    (content_copy / "sources.yaml").unlink()
    with pytest.raises(CommandError, match=r"nothing was loaded: .*sources\.yaml: missing$"):
        call_command("load_content", directory=str(content_copy))
    assert not Operator.objects.exists()


# -- load_content --check: everything a load would check, nothing written (issue 22) ------------


def test_check_validates_the_shipped_content_and_writes_nothing(capsys):
    call_command("load_content", check=True)
    assert "Content is valid, nothing was written." in capsys.readouterr().out
    assert not Operator.objects.exists() and not Procedure.objects.exists()


def test_check_of_a_changed_copy_writes_nothing_over_a_loaded_site(content_copy):
    load_content()
    before = snapshot()
    path = content_copy / "documents.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["name"]["en"] = "A new name"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_content", directory=str(content_copy), check=True)
    assert snapshot() == before


def test_check_of_a_broken_copy_exits_1_with_the_one_line(content_copy):
    from django.core.management import CommandError

    _break_date(content_copy)
    with pytest.raises(CommandError, match=r"nothing was written: .*'2026-02-30' is not a date"):
        call_command("load_content", directory=str(content_copy), check=True)
    assert not Operator.objects.exists()
