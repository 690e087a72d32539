"""The termbase (``content/glossary.yaml``): one term per concept and language, the variants
not to use, and where a variant is right after all.

Read by the content test, the admin's warning on save (editorial/content_admin.py), the
translators' PO export (its ``#.`` term lines) and search (variants are synonyms of the
term). Matching is by regular expressions with word boundaries or stems (Kazakh inflects:
``\\bжаб(?!д)\\w*`` finds жабу, жабылған, but not жабдық), case-insensitive; Chinese has no
word boundaries, so its patterns are plain strings with look-behinds where one word holds
another (注销号码 holds 销号).

A place is named by a key: content by its translators' ``msgctxt`` (``kind:natural-key#field``,
e.g. ``step:kcell/suspend-in-person/1#body``), our interface strings by ``ui:`` + msgid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models

from config import languages
from editorial import registry
from editorial.shipped import CONTENT_DIR, ContentError, read_yaml

GLOSSARY_FILE = CONTENT_DIR / "glossary.yaml"
FLAGS = re.IGNORECASE
# The order of the other languages in a PO comment's term line.
SUMMARY_ORDER = ("ru", "kk", "zh-hans")
assert {*SUMMARY_ORDER, "en"} == set(languages.CODES)


@dataclass(frozen=True)
class Variant:
    pattern: re.Pattern[str]
    note: str


@dataclass(frozen=True)
class Concept:
    id: str
    definition: str
    terms: dict[str, str]  # language code → the term
    recognise: dict[str, re.Pattern[str]]  # language code → where a text speaks of the concept
    search: dict[str, str]  # language code → what a text holds when it uses the term (a stem)
    variants: dict[str, tuple[Variant, ...]]
    allowed: frozenset[tuple[str, str]]  # (key, language code)
    why: str

    def term(self, code: str) -> str:
        return self.terms[code]

    def summary(self) -> str:
        """``term: terminate the contract — ru: …; kk: …; zh-hans: …`` (the PO comment)."""
        others = "; ".join(f"{code}: {self.terms[code]}" for code in SUMMARY_ORDER)
        return f"term: {self.terms['en']} — {others}"


@dataclass(frozen=True)
class Finding:
    concept: Concept
    code: str
    variant: str  # the words found in the text
    term: str  # the term to use instead
    note: str


def load(path: Path = GLOSSARY_FILE) -> tuple[Concept, ...]:
    """Every concept of the termbase; a malformed entry is a ContentError naming it."""
    document = read_yaml(path, expect=list) or []
    concepts = []
    for number, raw in enumerate(document, start=1):
        where = f"{path.name} concept {raw.get('id', number) if isinstance(raw, dict) else number}"
        concepts.append(_concept(raw, where))
    ids = [concept.id for concept in concepts]
    if len(ids) != len(set(ids)):
        raise ContentError(f"{path.name}: a concept id is used twice")
    return tuple(concepts)


@cache
def concepts() -> tuple[Concept, ...]:
    """The shipped termbase, read once per process."""
    return load()


def findings(text: str, *, code: str, key: str = "", termbase: tuple[Concept, ...] | None = None) -> list[Finding]:
    """The forbidden variants in `text` (language `code`), except where `key` is allowed."""
    found = []
    for concept in concepts() if termbase is None else termbase:
        if (key, code) in concept.allowed:
            continue
        for variant in concept.variants.get(code, ()):
            for match in variant.pattern.finditer(text or ""):
                found.append(Finding(concept, code, match.group(0), concept.terms[code], variant.note))
    return found


def concerning(texts: dict[str, str], *, termbase: tuple[Concept, ...] | None = None) -> list[Concept]:
    """The concepts that texts (language code → text) speak of, by term or by variant."""
    return [
        concept
        for concept in (concepts() if termbase is None else termbase)
        if any(_speaks_of(concept, code, text) for code, text in texts.items() if text)
    ]


def synonyms(word: str, *, code: str, termbase: tuple[Concept, ...] | None = None) -> tuple[str, ...]:
    """What a text may hold instead of `word`, a reader's word in language `code`: the
    term's searchable form when `word` is one of its variants."""
    return tuple(
        concept.search[code]
        for concept in (concepts() if termbase is None else termbase)
        if any(variant.pattern.search(word) for variant in concept.variants.get(code, ()))
    )


def content_key(obj: models.Model, field: str) -> str:
    """The place of a content object's field, as the translators' msgctxt names it."""
    spec = registry.get(type(obj))
    return f"{spec.kind}:{spec.natural_key(obj)}#{field}"


def interface_key(msgid: str, msgctxt: str | None = None) -> str:
    return f"ui:{msgctxt}|{msgid}" if msgctxt else f"ui:{msgid}"


def object_findings(obj: models.Model) -> list[tuple[str, Finding]]:
    """(translated field, finding) for each forbidden variant in a content object's texts.
    Search keywords are exempt: they hold the words readers type."""
    spec = registry.get(type(obj))
    found = []
    for name in spec.translated:
        if name == "search_keywords":
            continue
        key = content_key(obj, name)
        for code in languages.CODES:
            text = getattr(obj, languages.field_name(name, code)) or ""
            found.extend((name, finding) for finding in findings(text, code=code, key=key))
    return found


def _speaks_of(concept: Concept, code: str, text: str) -> bool:
    pattern = concept.recognise.get(code)
    if pattern is not None and pattern.search(text):
        return True
    return any(variant.pattern.search(text) for variant in concept.variants.get(code, ()))


def _concept(raw: Any, where: str) -> Concept:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: expected a mapping")
    unknown = set(raw) - {"id", "definition", "terms", "recognise", "search", "variants", "allowed", "why"}
    if unknown:
        raise ContentError(f"{where}: unknown keys {sorted(unknown)}")
    terms = raw.get("terms") or {}
    if set(terms) != set(languages.CODES):
        raise ContentError(f"{where}: needs a term in each of {', '.join(languages.CODES)}")
    for name in ("recognise", "search", "variants"):
        if stray := set(raw.get(name) or {}) - set(languages.CODES):
            raise ContentError(f"{where}: '{name}' has unknown languages {sorted(stray)}")
    allowed = set()
    for item in raw.get("allowed") or []:
        if not isinstance(item, dict) or not item.get("key") or item.get("language") not in languages.CODES:
            raise ContentError(f"{where}: an allowed place needs a key and a language")
        if not item.get("why"):
            raise ContentError(f"{where}: allowed place {item['key']} needs a why")
        allowed.add((item["key"], item["language"]))
    if not raw.get("why"):
        raise ContentError(f"{where}: needs a why")
    return Concept(
        id=str(raw.get("id") or ""),
        definition=str(raw.get("definition") or ""),
        terms={code: str(terms[code]) for code in languages.CODES},
        recognise={code: _compile(pattern, where) for code, pattern in (raw.get("recognise") or {}).items()},
        search={code: str((raw.get("search") or {}).get(code) or terms[code]) for code in languages.CODES},
        variants={
            code: tuple(
                Variant(_compile(item.get("pattern"), where), str(item.get("note") or "")) for item in items or []
            )
            for code, items in (raw.get("variants") or {}).items()
        },
        allowed=frozenset(allowed),
        why=" ".join(str(raw["why"]).split()),
    )


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise ContentError(f"{where}: a pattern must be a non-empty text")
    try:
        return re.compile(pattern, FLAGS)
    except re.error as error:
        raise ContentError(f"{where}: bad pattern {pattern!r}: {error}") from error
