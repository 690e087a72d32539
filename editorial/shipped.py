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

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


class ContentError(Exception):
    """The shipped content is malformed; the message names the file and the object."""


def normalise(spec: ContentModel, raw: dict, where: str) -> dict[str, Any]:
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


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from error
