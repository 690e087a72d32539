"""The content the repository ships, as records: YAML files read safely, each record
checked and flattened against its model's registration (editorial.registry).

The content loader (editors/content_loader.py) writes these records to the database; the
decision flow reads its own wording file with them (decide/wording.py).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from config import languages
from editorial.registry import ContentModel
from editorial.text_input import control_character

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
# libyaml's safe loader when PyYAML was built with it (a tenth of the pure-Python
# loader's time); the same safe subset of YAML either way.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(SAFE_LOADER):
    """The safe subset of YAML, minus what YAML forgives but the guide must not: a key
    written twice in one mapping (YAML keeps the last, silently) and a date that doesn't
    exist (30 February: PyYAML raises a bare ValueError)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                twice = key in seen
            except TypeError:
                continue  # an unhashable key: the constructor below says so
            if twice:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is written twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{node.value}' is not a date ({error})", node.start_mark
            ) from error


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


# What an object's record says of its history (content/README.md): the day it was first
# published and its dated major changes, which become its public change notes.
CHANGE_KEYS = ("first_published", "changes")


class ContentError(Exception):
    """The shipped content is malformed; the message names the file and the object."""


def normalise(spec: ContentModel, raw: dict, where: str) -> dict[str, Any]:
    """A shipped record → the flat dict of field values we compare and write."""
    known = {*spec.plain, *spec.translated, *spec.per_language, *spec.references, "sources"}
    extra = set(raw) - known - {"procedures", "steps", "documents", "entries", "contacts", *CHANGE_KEYS}
    if extra:
        raise ContentError(f"{where}: unknown keys {sorted(extra)}")
    data: dict[str, Any] = {}
    for name, value in raw.items():
        for text in value.values() if isinstance(value, dict) else [value]:
            if isinstance(text, str) and (character := control_character(text)):
                raise ContentError(f"{where}: '{name}' contains a control character ({character})")
    for name in spec.plain:
        if name in raw:
            value = raw[name]
            data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    for name in (*spec.translated, *spec.per_language):
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


def read_yaml(path: Path, *, expect: type = object) -> Any:
    """The YAML document in `path`; any way it can be broken is a ContentError of one line
    naming the file (and the line, where there is one). An empty file is None."""
    if not path.exists():
        raise ContentError(f"{_shown(path)}: missing")
    if not path.is_file():
        raise ContentError(f"{_shown(path)}: not a file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(f"{_shown(path)}, line {line}: not UTF-8 text") from error
    try:
        document = yaml.load(text, Loader=StrictLoader)  # noqa: S506 — a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{_shown(path)}, line {mark.line + 1}" if mark else _shown(path)
        raise ContentError(f"{where}: not valid YAML: {_one_line(getattr(error, 'problem', None) or error)}") from error
    if document is not None and not isinstance(document, expect):
        raise ContentError(f"{_shown(path)}: expected {_kind(expect)}, found {_kind(type(document))}")
    return document


def records(document: Any, where: str) -> list[dict]:
    """A list of mappings (the records of a file, a procedure's steps, ...), checked."""
    if document is None:
        return []
    if not isinstance(document, list):
        raise ContentError(f"{where}: expected a list, found {_kind(type(document))}")
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise ContentError(f"{where}: item {number} is {_kind(type(item))}, not a mapping of keys to values")
    return document


def _shown(path: Path) -> str:
    """The file as an editor names it: `faq.yaml`, `operators/kcell.yaml`."""
    return f"{path.parent.name}/{path.name}" if path.parent.name == "operators" else path.name


def _kind(kind: type) -> str:
    return {list: "a list", dict: "a mapping", str: "a text", int: "a number"}.get(kind, kind.__name__)


def _one_line(message: object) -> str:
    return " ".join(str(message).split())
