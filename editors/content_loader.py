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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from config import languages
from faq.models import Category, Entry
from guides.models import DecisionText, Document, LoadedContent, Procedure, RequiredDocument, Source, Step
from operators.models import Company, Operator

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


class ContentError(Exception):
    """The shipped content is malformed; the message names the file and the object."""


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


@dataclass(frozen=True)
class Spec:
    """How one model's shipped records map onto its fields."""

    model: type[models.Model]
    plain: tuple[str, ...] = ()
    translated: tuple[str, ...] = ()
    # foreign key → (related model, the related field the YAML names it by)
    references: dict[str, tuple[type[models.Model], str]] = field(default_factory=dict)
    has_sources: bool = False


SPECS = {
    "source": Spec(Source, plain=("url", "title", "publisher", "accessed_on")),
    "document": Spec(Document, plain=("slug", "order"), translated=("name", "description")),
    "company": Spec(Company, plain=("slug", "website"), translated=("name",), has_sources=True),
    "operator": Spec(
        Operator,
        plain=(
            "slug",
            "name",
            "website",
            "office_finder_url",
            "support_short",
            "support_full",
            "support_abroad",
            "app_name",
            "active",
            "order",
        ),
        translated=("summary", "ussd_codes", "hours_note", "contacts_note", "search_keywords"),
        references={"company": (Company, "slug")},
        has_sources=True,
    ),
    "procedure": Spec(
        Procedure,
        plain=("slug", "kind", "channel", "status", "order"),
        translated=("title", "summary", "eligibility", "duration_note", "cost_note", "search_keywords"),
        has_sources=True,
    ),
    "step": Spec(Step, plain=("order",), translated=("title", "body")),
    "required_document": Spec(
        RequiredDocument,
        plain=("audience", "optional", "order"),
        translated=("note",),
        references={"document": (Document, "slug")},
    ),
    "category": Spec(Category, plain=("slug", "order"), translated=("name",)),
    "entry": Spec(
        Entry,
        plain=("slug", "status", "order"),
        translated=("question", "answer", "search_keywords"),
        references={"category": (Category, "slug"), "operator": (Operator, "slug")},
        has_sources=True,
    ),
    "decision_text": Spec(DecisionText, plain=("key", "kind"), translated=("text", "hint", "reason", "body", "after")),
}


def normalise(spec: Spec, raw: dict, where: str) -> dict[str, Any]:
    """A shipped record → the flat dict of field values we compare and write."""
    known = {*spec.plain, *spec.translated, *spec.references, "sources"}
    extra = set(raw) - known - {"procedures", "steps", "documents", "entries"}
    if extra:
        raise ContentError(f"{where}: unknown keys {sorted(extra)}")
    data: dict[str, Any] = {}
    for name in spec.plain:
        if name in raw:
            value = raw[name]
            data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    for name in spec.translated:
        texts = raw.get(name) or {}
        if not isinstance(texts, dict):
            raise ContentError(f"{where}: '{name}' must map language codes to text")
        unknown = set(texts) - set(languages.CODES)
        if unknown:
            raise ContentError(f"{where}: '{name}' has unknown languages {sorted(unknown)}")
        for code in languages.CODES:
            data[languages.field_name(name, code)] = (texts.get(code) or "").strip()
    for name in spec.references:
        data[name] = raw.get(name) or None
    if spec.has_sources:
        data["sources"] = sorted(raw.get("sources") or [])
    return data


def read_state(spec: Spec, obj: models.Model, keys: Iterable[str]) -> dict[str, Any]:
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


def write(spec: Spec, obj: models.Model, data: dict[str, Any], where: str) -> models.Model:
    for key, value in data.items():
        if key == "sources":
            continue
        if key in spec.references:
            model, lookup = spec.references[key]
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

    def sync(
        self,
        key: str,
        data: dict[str, Any],
        find: Callable[[], models.Model | None],
        read: Callable[[models.Model, dict], dict],
        apply: Callable[[models.Model | None, dict], models.Model],
    ) -> models.Model | None:
        """Create, update or leave one object, following the rules in the module docstring."""
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
        elif read(obj, record.data) != record.data:
            self.report.kept_editor_changes.append(key)
            return obj
        else:
            obj = apply(obj, data)
            self.report.updated.append(key)
        LoadedContent.objects.update_or_create(key=key, defaults={"data": data})
        return obj

    def simple(self, kind: str, raw: dict, where: str, lookup: str = "slug") -> models.Model | None:
        spec = SPECS[kind]
        data = normalise(spec, raw, where)
        if lookup not in data:
            raise ContentError(f"{where}: '{lookup}' is required")
        return self.sync(
            f"{kind}:{data[lookup]}",
            data,
            find=lambda: spec.model.objects.filter(**{lookup: data[lookup]}).first(),
            read=lambda obj, shape: read_state(spec, obj, shape),
            apply=lambda obj, values: write(spec, obj or spec.model(), values, where),
        )

    def procedure(self, operator: Operator, raw: dict, where: str) -> None:
        spec = SPECS["procedure"]
        data = normalise(spec, raw, where)
        data["steps"] = [
            normalise(SPECS["step"], {"order": index, **step}, f"{where} step {index}")
            for index, step in enumerate(raw.get("steps") or [], start=1)
        ]
        data["documents"] = [
            normalise(SPECS["required_document"], {"order": index, **document}, f"{where} document {index}")
            for index, document in enumerate(raw.get("documents") or [], start=1)
        ]

        def find():
            return Procedure.objects.filter(operator=operator, slug=data["slug"]).first()

        def read(obj, shape):
            state = read_state(spec, obj, [k for k in shape if k not in ("steps", "documents")])
            step_keys = shape["steps"][0].keys() if shape.get("steps") else SPECS["step"].plain
            document_keys = shape["documents"][0].keys() if shape.get("documents") else ()
            state["steps"] = [read_state(SPECS["step"], step, step_keys) for step in obj.steps.all()]
            state["documents"] = [
                read_state(SPECS["required_document"], document, document_keys)
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
                write(SPECS["step"], Step(procedure=obj), step, f"{where} step {index}")
            for index, document in enumerate(values["documents"], start=1):
                write(SPECS["required_document"], RequiredDocument(procedure=obj), document, f"{where} doc {index}")
            return obj

        if data.get("status") == "published" and not data["steps"]:
            raise ContentError(f"{where}: a published procedure needs steps")
        self.sync(f"procedure:{operator.slug}/{data['slug']}", data, find, read, apply)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from error


def load_content(directory: Path = CONTENT_DIR) -> LoadReport:
    """Load every shipped file, in dependency order, in one transaction."""
    report = LoadReport()
    with transaction.atomic():
        loader = Loader(report)
        for raw in read_yaml(directory / "sources.yaml") or []:
            loader.simple("source", raw, f"sources.yaml {raw.get('url')}", lookup="url")
        for raw in read_yaml(directory / "documents.yaml") or []:
            loader.simple("document", raw, f"documents.yaml {raw.get('slug')}")
        for raw in read_yaml(directory / "companies.yaml") or []:
            loader.simple("company", raw, f"companies.yaml {raw.get('slug')}")
        for path in sorted((directory / "operators").glob("*.yaml")):
            raw = read_yaml(path)
            operator = loader.simple("operator", raw, f"{path.name}")
            if operator is None:
                continue
            for procedure in raw.get("procedures") or []:
                loader.procedure(operator, procedure, f"{path.name} {procedure.get('slug')}")
        for category in read_yaml(directory / "faq.yaml") or []:
            loader.simple("category", category, f"faq.yaml {category.get('slug')}")
            for entry in category.get("entries") or []:
                loader.simple("entry", {**entry, "category": category.get("slug")}, f"faq.yaml {entry.get('slug')}")
        from guides.decision_content import load_decision_texts  # it imports this module

        load_decision_texts(loader, directory / "decision.yaml")
    return report
