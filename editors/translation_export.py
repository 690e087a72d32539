"""Translators' files: every model text of one language as a gettext PO file, and back.

One entry per translatable text of a content object:

- ``msgctxt`` names the object by its natural key and the field, e.g.
  ``procedure:kcell/cancel-in-person#title`` or ``step:kcell/cancel-in-person/3#body``
  (the prefixes are the kinds of `editorial.registry`), so a file survives a database rebuild;
- ``msgid`` is the English text, or the first of ru, kk, zh-hans that has one (a
  translator comment names that language);
- ``msgstr`` is the text in the file's language, empty when missing;
- ``#.`` comments describe the object and field, list the termbase's terms the entry
  speaks of (``term: …``, content/glossary.yaml) and carry the text's fingerprint;
- a text that needs review (editorial/freshness.py: another language's text changed
  after it was written) is marked ``fuzzy``, with the newest text and its language in a
  translator comment and the flag's date in a ``review:`` line; importing it no longer
  fuzzy confirms that it still matches, as the admin's "still matches" box does.

An import is planned first (`parse_import`: every problem with its line number, nothing
changed), then applied (`apply_import`: all or nothing, one save per changed object).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config import languages
from editorial import freshness, glossary, registry
from editorial.completeness import translated_fields
from editorial.registry import ContentModel

GENERATOR = "kz-sim-guide"
# Where a text has no English yet, the source is the first of these that has one.
SOURCE_ORDER = ("en", "ru", "kk", "zh-hans")
assert set(SOURCE_ORDER) == set(languages.CODES)


# -- What is exported, and how each object is named -------------------------------------


def translatable_kinds() -> tuple[ContentModel, ...]:
    """The registered content models that have texts to translate, in registry order."""
    return tuple(entry for entry in registry.content_models() if entry.translated)


def owner_of(obj: models.Model) -> models.Model:
    """The object whose admin page edits `obj` (a step's procedure; otherwise itself)."""
    return registry.get(type(obj)).owner_of(obj)


@dataclass
class Index:
    """Every content object by its msgctxt key (without the field)."""

    objects: dict[str, models.Model] = field(default_factory=dict)
    # Natural keys two objects share (steps with the same order): exported by pk instead.
    ambiguous: set[str] = field(default_factory=set)

    def key_of(self, kind: ContentModel, obj: models.Model) -> str:
        natural = f"{kind.kind}:{kind.natural_key(obj)}"
        # Only steps lack a unique natural key; their pk form has no "/", so it can't clash.
        return f"{kind.kind}:{obj.pk}" if natural in self.ambiguous else natural


def build_index() -> tuple[Index, list[tuple[ContentModel, models.Model]]]:
    """All content objects in export order, and the index that resolves their keys."""
    index = Index()
    ordered: list[tuple[ContentModel, models.Model]] = []
    for kind in translatable_kinds():
        seen: Counter[str] = Counter()
        for obj in kind.model.objects.select_related(*kind.select_related):
            natural = f"{kind.kind}:{kind.natural_key(obj)}"
            seen[natural] += 1
            index.objects[natural] = obj
            if kind.kind == "step":
                index.objects[f"step:{obj.pk}"] = obj
            ordered.append((kind, obj))
        duplicates = {key for key, count in seen.items() if count > 1}
        index.ambiguous |= duplicates
        for key in duplicates:
            del index.objects[key]
    return index, ordered


# -- Export ------------------------------------------------------------------------------


BASE_PREFIX = "base: "


def text_base(text: str) -> str:
    """A short fingerprint of a text as exported: the import refuses an entry whose text in
    the guide is no longer this one (someone changed it after the export)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def base_line(text: str) -> str:
    return BASE_PREFIX + text_base(text)


REVIEW_PREFIX = "review: "


def review_line(flag) -> str:
    """Names the flag as exported: an import confirms it only if the newest text has not
    changed again since (freshness.key_of's date)."""
    return REVIEW_PREFIX + flag.since.isoformat()


def exported_review(entry: polib.POEntry) -> str | None:
    for line in (entry.comment or "").splitlines():
        if line.startswith(REVIEW_PREFIX):
            return line.removeprefix(REVIEW_PREFIX).strip()
    return None


def newest_comment(obj: models.Model, flag) -> str:
    date = flag.since.astimezone(timezone.get_current_timezone()).date().isoformat()
    return f"newest text ({flag.newest_language}, {date}): {freshness.newest_text(obj, flag)}"


def exported_base(entry: polib.POEntry) -> str | None:
    """The fingerprint an exported entry carries, or None (a file from before there was one)."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(BASE_PREFIX):
            return line.removeprefix(BASE_PREFIX).strip()
    return None


def source_text(obj: models.Model, name: str) -> tuple[str, str]:
    """(language code, text) of the text translators translate from; ("", "") if none."""
    for code in SOURCE_ORDER:
        text = getattr(obj, languages.field_name(name, code)) or ""
        if text.strip():
            return code, text
    return "", ""


def describe(obj: models.Model) -> str:
    """“Step ‘Go to the office’ of procedure ‘Kcell — Cancel’”, in the active language."""
    text = f"{capfirst(obj._meta.verbose_name)} “{obj}”"
    owner = owner_of(obj)
    if owner is not obj:
        text += " " + _("of %(model)s “%(object)s”") % {"model": owner._meta.verbose_name, "object": owner}
    return text


def term_lines(obj: models.Model, name: str) -> list[str]:
    """The termbase's concepts an entry speaks of (in any of its languages), one line each:
    ``term: terminate the contract — ru: расторжение договора; kk: шартты бұзу; …``."""
    texts = {code: getattr(obj, languages.field_name(name, code)) or "" for code in languages.CODES}
    return [concept.summary() for concept in glossary.concerning(texts)]


def _field_notes(model: type[models.Model], name: str) -> list[str]:
    model_field = model._meta.get_field(name)
    notes = []
    if isinstance(model_field, models.CharField):
        notes.append(f"One line, at most {model_field.max_length} characters.")
    if model_field.help_text:
        notes.append(str(model_field.help_text))
    return notes


@lru_cache(maxsize=len(languages.CODES))
def plural_forms(code: str) -> str:
    """The language's plural rule, as our own UI catalog states it."""
    catalog = Path(settings.BASE_DIR) / "locale" / languages.get(code).locale / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(catalog)).metadata["Plural-Forms"]


def export_language(*, code: str) -> str:
    """Every model text in language `code`, as the text of a PO file."""
    language = languages.get(code)
    po = polib.POFile(wrapwidth=78)
    # Comments are for the translator, in the source language, the same whoever exports.
    with translation.override("en"):
        language_name = dict(settings.LANGUAGES)[code]
        po.header = (
            f"kz-sim-guide: the guide's texts in {language_name} ({language.native_name}).\n"
            "msgid is the English text (or, where the entry's comment says so, another language);\n"
            f"write the {language_name} text in msgstr. Keep msgctxt as it is: it names the object and field.\n"
            "An empty msgstr changes nothing; entries marked fuzzy are not imported.\n"
            "An entry marked fuzzy with a 'newest text' comment needs review: another language's text\n"
            "changed. Update msgstr, or remove the fuzzy mark if it still says the same."
        )
        po.metadata = {
            "Project-Id-Version": GENERATOR,
            "Language": language.locale,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms(code),
            "X-Generator": GENERATOR,
            "X-Source-Language": languages.DEFAULT_CODE,
        }
        index, ordered = build_index()
        reviews = freshness.flags_in(code)
        for kind, obj in ordered:
            key = index.key_of(kind, obj)
            for name in translated_fields(kind.model):
                source_code, source = source_text(obj, name)
                if not source:
                    continue  # empty in every language: nothing to translate
                label = kind.model._meta.get_field(name).verbose_name
                current = getattr(obj, languages.field_name(name, code)) or ""
                comment = [
                    f"{describe(obj)}: {label}",
                    *_field_notes(kind.model, name),
                    *term_lines(obj, name),
                    base_line(current),
                ]
                tcomment = []
                if source_code != languages.DEFAULT_CODE:
                    tcomment.append(f"Source text in {source_code}: there is no English text yet.")
                flag = reviews.get((obj._meta.label_lower, obj.pk, name))
                if flag is not None:
                    comment.append(review_line(flag))
                    tcomment.append(newest_comment(obj, flag))
                po.append(
                    polib.POEntry(
                        msgctxt=f"{key}#{name}",
                        msgid=source,
                        msgstr=current,
                        comment="\n".join(comment),
                        tcomment="\n".join(tcomment),
                        flags=["fuzzy"] if flag is not None else [],
                    )
                )
    return str(po)
