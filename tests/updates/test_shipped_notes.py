"""The shipped content's change notes: dated by the content files (not the day of
deployment), loaded once, kept as editors leave them, and shown to readers."""

from __future__ import annotations

import datetime

import pytest
import yaml
from django.utils import translation
from django.utils.html import escape

from editorial.models import ChangeNote
from editors.content_loader import load_content
from guides.models import Procedure

pytestmark = pytest.mark.django_db

PORTING_DRAFT = "a 2026 draft rule may let your current operator refuse to move a number"


def notes_of(obj):
    return ChangeNote.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk)


def test_shipped_pages_are_dated_by_the_content_files(shipped_content):
    port_in = Procedure.objects.get(operator__slug="tele2", slug="port-in")
    notes = notes_of(port_in).order_by("changed_on", "pk")
    assert [(note.kind, note.changed_on) for note in notes] == [
        ("published", datetime.date(2026, 11, 22)),
        ("major", datetime.date(2026, 11, 29)),
        ("major", datetime.date(2026, 11, 29)),
        ("major", datetime.date(2026, 12, 6)),
    ]
    assert PORTING_DRAFT in notes[2].note_en
    assert all(getattr(note, f"note_{code}") for note in notes[1:] for code in ("ru", "kk", "zh_hans"))
    # A page that was only ever published has that date, whatever day it is loaded.
    untouched = Procedure.objects.get(operator__slug="kcell", slug="cancel-in-person")
    assert [(n.kind, n.changed_on) for n in notes_of(untouched)] == [("published", datetime.date(2026, 11, 21))]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("en", "Last updated"),
        ("ru", "Обновлено"),
        ("kk", "Соңғы рет жаңартылды"),
        ("zh-hans", "最近更新"),
    ],
)
def test_a_reader_sees_the_shipped_date_and_the_note(client, shipped_content, code, words):
    port_in = Procedure.objects.get(operator__slug="kcell", slug="port-in")
    with translation.override(code):
        page = client.get(port_in.get_absolute_url()).content.decode()
        updates = client.get(port_in.get_absolute_url() + "updates/").content.decode()
    assert words in page and 'datetime="2026-12-06"' in page
    note = notes_of(port_in).filter(kind="major").latest("changed_on")
    assert escape(getattr(note, f"note_{code.replace('-', '_')}")) in updates


def test_loading_again_adds_no_note_and_an_editors_deletion_stands(shipped_content):
    before = ChangeNote.objects.count()
    assert before > 0
    load_content()
    assert ChangeNote.objects.count() == before
    note = ChangeNote.objects.filter(kind="major").first()
    note.delete()
    report = load_content()
    assert ChangeNote.objects.count() == before - 1
    assert any(key.startswith("change_note:") for key in report.left_deleted)


def test_a_new_shipped_change_becomes_a_major_note(shipped_content, content_copy):
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shipped = next(p for p in data["procedures"] if p["slug"] == "cancel-in-person")
    shipped["summary"]["en"] = "You now need the SIM card too."
    shipped.setdefault("changes", []).append(
        {"changed_on": datetime.date(2026, 12, 1), "note": {"en": "You now need the SIM card too."}}
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = load_content(content_copy)
    procedure = Procedure.objects.get(operator__slug="kcell", slug="cancel-in-person")
    assert "procedure:kcell/cancel-in-person" in report.updated
    newest = notes_of(procedure).order_by("-changed_on").first()
    assert (newest.kind, newest.changed_on, newest.note_en) == (
        "major",
        datetime.date(2026, 12, 1),
        shipped["summary"]["en"],
    )


def test_a_shipped_text_change_without_a_listed_change_is_minor(shipped_content, content_copy):
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shipped = next(p for p in data["procedures"] if p["slug"] == "cancel-in-person")
    shipped["summary"]["en"] += " (typo fixed)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = ChangeNote.objects.count()
    assert "procedure:kcell/cancel-in-person" in load_content(content_copy).updated
    assert ChangeNote.objects.count() == before


def test_no_note_for_a_change_an_editors_version_does_not_show(shipped_content, content_copy):
    procedure = Procedure.objects.get(operator__slug="kcell", slug="cancel-in-person")
    procedure.title_ru = "Правка редактора"
    procedure.save()
    path = content_copy / "operators" / "kcell.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    shipped = next(p for p in data["procedures"] if p["slug"] == "cancel-in-person")
    shipped["title"]["ru"] = "Новый текст"
    shipped["changes"] = [{"changed_on": datetime.date(2026, 12, 1), "note": {"en": "Changed title."}}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_content(content_copy)
    assert not notes_of(procedure).filter(kind="major").exists()


def test_a_change_without_a_date_or_english_note_is_refused_naming_the_file(content_copy):
    from editorial.shipped import ContentError

    path = content_copy / "faq.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["entries"][0]["changes"] = [{"note": {"ru": "Без даты"}}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match=r"faq\.yaml"):
        load_content(content_copy)
