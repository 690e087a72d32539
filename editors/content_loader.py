"""Load the content the repository ships (``content/*.yaml``) into the database.

How a run decides, for each shipped object (an operator, a procedure with its steps and
documents, an FAQ entry, ...):

- not in the database and never loaded → create it;
- loaded before, and the database still holds exactly what was loaded last time →
  bring it up to the shipped text (nothing changes if the shipped text is the same);
- loaded before, but an editor has changed it since → keep the editor's version;
- loaded before, but an editor has deleted it → leave it deleted.

What was loaded last time is kept per object in ``LoadedContent``. Running the command
twice in a row therefore creates nothing and changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from config import languages
from decide import wording
from editorial import registry
from editorial.models import ChangeNote
from editorial.registry import ContentModel
from editorial.shipped import CHANGE_KEYS, CONTENT_DIR, ContentError, normalise, read_yaml, records
from guides.models import LoadedContent, Procedure, RequiredDocument, Source, Step
from operators.models import Contact, Operator


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_editor_changes: list[str] = field(default_factory=list)
    left_deleted: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"created {len(self.created)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"kept editors' changes {len(self.kept_editor_changes)}, left deleted {len(self.left_deleted)}"
        )


def read_state(spec: ContentModel, obj: models.Model, keys: Iterable[str]) -> dict[str, Any]:
    """The object's current values for the given keys, shaped like `normalise`'s output."""
    state: dict[str, Any] = {}
    for key in keys:
        if key in spec.references:
            related = getattr(obj, key)
            state[key] = getattr(related, spec.references[key][1]) if related else None
        elif key == "sources":
            state[key] = sorted(obj.sources.values_list("url", flat=True))
        else:
            value = getattr(obj, key)
            state[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return state


def write(spec: ContentModel, obj: models.Model, data: dict[str, Any], where: str) -> models.Model:
    for key, value in data.items():
        if key == "sources":
            continue
        if key in spec.references:
            model, lookup = spec.reference_model(key), spec.references[key][1]
            try:
                value = model.objects.get(**{lookup: value}) if value else None
            except model.DoesNotExist as error:
                raise ContentError(f"{where}: no {model._meta.model_name} '{value}'") from error
        setattr(obj, key, value)
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ContentError(f"{where}: {error.message_dict}") from error
    obj.save()
    if spec.has_sources:
        urls = data.get("sources", [])
        found = list(Source.objects.filter(url__in=urls))
        missing = set(urls) - {source.url for source in found}
        if missing:
            raise ContentError(f"{where}: sources not listed in sources.yaml: {sorted(missing)}")
        obj.sources.set(found)
    return obj


class Loader:
    def __init__(self, report: LoadReport):
        self.report = report
        self.records = {record.key: record for record in LoadedContent.objects.all()}
        self.loaded: dict[str, str] = {}  # key → where it was first read

    def sync(
        self,
        key: str,
        where: str,
        data: dict[str, Any],
        find: Callable[[], models.Model | None],
        read: Callable[[models.Model, dict], dict],
        apply: Callable[[models.Model | None, dict], models.Model],
    ) -> models.Model | None:
        """Create, update or leave one object, following the rules in the module docstring."""
        if key in self.loaded:
            # Two records of one object (two procedures with one slug): the last would win.
            raise ContentError(f"{where}: '{key}' is already defined at {self.loaded[key]}")
        self.loaded[key] = where
        obj = find()
        record = self.records.get(key)
        if record is None:
            if obj is not None and read(obj, data) != data:
                # Made by an editor before it was ever shipped: theirs wins.
                self.report.kept_editor_changes.append(key)
                return obj
            obj = apply(obj, data)
            self.report.created.append(key)
        elif obj is None:
            self.report.left_deleted.append(key)
            return None
        elif record.data == data:
            self.report.unchanged.append(key)
            return obj
        elif read(obj, loaded := _still_shipped(record.data, data)) != loaded:
            self.report.kept_editor_changes.append(key)
            return obj
        else:
            obj = apply(obj, data)
            self.report.updated.append(key)
        LoadedContent.objects.update_or_create(key=key, defaults={"data": data})
        return obj

    def simple(self, kind: str, raw: dict, where: str, lookup: str = "slug") -> models.Model | None:
        spec = registry.by_kind(kind)
        data = normalise(spec, raw, where)
        if lookup not in data:
            raise ContentError(f"{where}: '{lookup}' is required")
        key = f"{kind}:{data[lookup]}"
        obj = self.sync(
            key,
            where,
            data,
            find=lambda: spec.model.objects.filter(**{lookup: data[lookup]}).first(),
            read=lambda obj, shape: read_state(spec, obj, shape),
            apply=lambda obj, values: write(spec, obj or spec.model(), values, where),
        )
        self.change_notes(obj, key, raw, where)
        return obj

    def change_notes(self, subject: models.Model | None, subject_key: str, raw: dict, where: str) -> None:
        """The subject's first publication and dated major changes, as its content file
        records them (content/README.md), become its change notes: created once, and an
        editor's edit or deletion of a note is kept like any other. A subject that kept an
        editor's version gets no notes of shipped changes it does not show."""
        if subject is None or not set(CHANGE_KEYS) & set(raw):
            return
        if not hasattr(subject, "change_notes"):
            raise ContentError(f"{where}: only procedures, FAQ entries and operators have change notes")
        spec = registry.get(ChangeNote)
        content_type = ContentType.objects.get_for_model(subject)
        notes = ChangeNote.objects.filter(content_type=content_type, object_id=subject.pk)

        def sync_note(key: str, change: dict, same: models.QuerySet, label: str) -> None:
            data = normalise(spec, change, f"{where} {label}")
            self.sync(
                key,
                f"{where} {label}",
                data,
                find=lambda: same.first(),
                read=lambda obj, shape: read_state(spec, obj, shape),
                apply=lambda obj, values: write(
                    spec, obj or ChangeNote(content_type=content_type, object_id=subject.pk), values, where
                ),
            )

        if published := raw.get("first_published"):
            first = {"kind": ChangeNote.Kind.PUBLISHED, "changed_on": published}
            same = notes.filter(kind=ChangeNote.Kind.PUBLISHED)
            sync_note(f"change_note:{subject_key}@published", first, same, "first_published")
        if subject_key in self.report.kept_editor_changes:
            return
        same_day: Counter = Counter()
        for change in records(raw.get("changes"), f"{where} changes"):
            day = change.get("changed_on")
            if not day or not (change.get("note") or {}).get("en"):
                raise ContentError(f"{where}: each change needs its date (changed_on) and a note in English")
            same_day[day] += 1
            number = same_day[day]
            key = f"change_note:{subject_key}@{day}" + (f"#{number}" if number > 1 else "")
            same = notes.filter(kind=ChangeNote.Kind.MAJOR, changed_on=day).order_by("pk")[number - 1 : number]
            sync_note(key, {"kind": ChangeNote.Kind.MAJOR, **change}, same, f"change of {day}")

    def contact(self, operator: Operator, raw: dict, where: str) -> None:
        """One of an operator's contacts, named by its operator, kind and place in the list."""
        spec = registry.get(Contact)
        data = normalise(spec, {**raw, "operator": operator.slug}, where)
        self.sync(
            f"contact:{operator.slug}/{data.get('kind')}/{data.get('order')}",
            where,
            data,
            find=lambda: Contact.objects.filter(
                operator=operator, kind=data.get("kind"), order=data.get("order")
            ).first(),
            read=lambda obj, shape: read_state(spec, obj, shape),
            apply=lambda obj, values: write(spec, obj or Contact(), values, where),
        )

    def procedure(self, operator: Operator, raw: dict, where: str) -> None:
        spec = registry.get(Procedure)
        step_spec, document_spec = registry.get(Step), registry.get(RequiredDocument)
        data = normalise(spec, raw, where)
        data["steps"] = [
            normalise(step_spec, {"order": index, **step}, f"{where} step {index}")
            for index, step in enumerate(records(raw.get("steps"), f"{where} steps"), start=1)
        ]
        data["documents"] = [
            normalise(document_spec, {"order": index, **document}, f"{where} document {index}")
            for index, document in enumerate(records(raw.get("documents"), f"{where} documents"), start=1)
        ]

        def find():
            return Procedure.objects.filter(operator=operator, slug=data["slug"]).first()

        def read(obj, shape):
            state = read_state(spec, obj, [k for k in shape if k not in ("steps", "documents")])
            step_keys = shape["steps"][0].keys() if shape.get("steps") else step_spec.plain
            document_keys = shape["documents"][0].keys() if shape.get("documents") else ()
            state["steps"] = [read_state(step_spec, step, step_keys) for step in obj.steps.all()]
            state["documents"] = [
                read_state(document_spec, document, document_keys)
                for document in obj.required_documents.select_related("document")
            ]
            return state

        def apply(obj, values):
            own = {k: v for k, v in values.items() if k not in ("steps", "documents")}
            obj = obj or Procedure(operator=operator)
            # Steps first in memory: a published procedure must have some (clean()).
            obj = write(spec, obj, own, where)
            obj.steps.all().delete()
            obj.required_documents.all().delete()
            for index, step in enumerate(values["steps"], start=1):
                write(step_spec, Step(procedure=obj), step, f"{where} step {index}")
            for index, document in enumerate(values["documents"], start=1):
                write(document_spec, RequiredDocument(procedure=obj), document, f"{where} doc {index}")
            return obj

        if data.get("status") == "published" and not data["steps"]:
            raise ContentError(f"{where}: a published procedure needs steps")
        key = f"procedure:{operator.slug}/{data['slug']}"
        self.change_notes(self.sync(key, where, data, find, read, apply), key, raw, where)


def load_content(directory: Path = CONTENT_DIR, *, check: bool = False) -> LoadReport:
    """Load every shipped file, in dependency order, in one transaction. With `check`,
    everything a load would do is done and checked, then rolled back: nothing is kept."""
    report = LoadReport()
    with transaction.atomic():
        loader = Loader(report)
        for raw in records(read_yaml(directory / "sources.yaml", expect=list), "sources.yaml"):
            loader.simple("source", raw, f"sources.yaml {raw.get('url')}", lookup="url")
        for raw in records(read_yaml(directory / "documents.yaml", expect=list), "documents.yaml"):
            loader.simple("document", raw, f"documents.yaml {raw.get('slug')}")
        for raw in records(read_yaml(directory / "companies.yaml", expect=list), "companies.yaml"):
            loader.simple("company", raw, f"companies.yaml {raw.get('slug')}")
        operators = directory / "operators"
        if not operators.is_dir():
            raise ContentError("operators/: the folder of operator files is missing")
        for path in sorted(operators.glob("*.yaml")):
            raw = read_yaml(path, expect=dict) or {}
            operator = loader.simple("operator", raw, f"{path.name}")
            if operator is None:
                continue
            for index, contact in enumerate(records(raw.get("contacts"), f"{path.name} contacts"), start=1):
                loader.contact(operator, {"order": index, **contact}, f"{path.name} contact {index}")
            for procedure in records(raw.get("procedures"), f"{path.name} procedures"):
                loader.procedure(operator, procedure, f"{path.name} {procedure.get('slug')}")
        for category in records(read_yaml(directory / "faq.yaml", expect=list), "faq.yaml"):
            loader.simple("category", category, f"faq.yaml {category.get('slug')}")
            for entry in records(category.get("entries"), f"faq.yaml {category.get('slug')} entries"):
                loader.simple("entry", {**entry, "category": category.get("slug")}, f"faq.yaml {entry.get('slug')}")
        load_decision_texts(loader, directory / wording.DECISION_FILE.name)
        if check:
            transaction.set_rollback(True)
    return report


def load_decision_texts(loader: Loader, path: Path = wording.DECISION_FILE) -> None:
    """Create or update each decision node's wording; keep what editors changed."""
    for record in wording.read_records(path):
        loader.simple("decision_text", record, f"{path.name} {record['key']}", lookup="key")


def _still_shipped(loaded: dict[str, Any], shipped: dict[str, Any]) -> dict[str, Any]:
    """What was loaded last time, without the fields the content no longer has (a field
    removed from a model): only those can tell an editor's change from an untouched object.

    A field that became translated since (a source's title) was loaded as one text; its
    migration copied that text into the default language's column, so it is compared there.
    """
    kept: dict[str, Any] = {}
    for key, value in loaded.items():
        if key in shipped:
            kept[key] = value
        elif (moved := languages.field_name(key, languages.DEFAULT_CODE)) in shipped and moved not in loaded:
            kept[moved] = value
    return kept
