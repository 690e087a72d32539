"""load_content: loads the shipped files, is idempotent, and never overwrites an editor."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from editors.content_loader import CONTENT_DIR, ContentError, load_content
from guides.models import Procedure, Step
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


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


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
