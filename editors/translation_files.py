"""Translators' files: every model text of one language as a gettext PO file, and back.

One entry per translatable text of a content object:

- ``msgctxt`` names the object by its natural key and the field, e.g.
  ``procedure:kcell/cancel-in-person#title`` or ``step:kcell/cancel-in-person/3#body``
  (the prefixes are `guides.content`'s kinds), so a file survives a database rebuild;
- ``msgid`` is the English text, or the first of ru, kk, zh-hans that has one (a
  translator comment names that language);
- ``msgstr`` is the text in the file's language, empty when missing.

An import is planned first (`parse_import`: every problem with its line number, nothing
changed), then applied (`apply_import`: all or nothing, one save per changed object).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polib
import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config import languages
from guides import cache
from guides.completeness import translated_fields
from guides.content import SPECS

GENERATOR = "kz-sim-guide"
# Where a text has no English yet, the source is the first of these that has one.
SOURCE_ORDER = ("en", "ru", "kk", "zh-hans")
assert set(SOURCE_ORDER) == set(languages.CODES)
# str.splitlines() (which polib uses) breaks lines at these too; a PO editor doesn't.
ODD_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
MARKDOWN_LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sd]|%[sd]|\{[A-Za-z_]\w*\}")
# A PO line: blank, a comment, or an optional keyword and one quoted string (polib itself
# lets an unterminated string through).
PO_LINE = re.compile(
    r'\s*(?:#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\[nrt"\\])*"\s*)?'
)
MAX_LINE_PROBLEMS = 50  # a file that isn't PO at all needn't list every line
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:", "/", "#")


# -- What is exported, and how each object is named -------------------------------------


def _procedure_key(procedure) -> str:
    return f"{procedure.operator.slug}/{procedure.slug}"


@dataclass(frozen=True)
class Kind:
    """One kind of content object: its msgctxt prefix and natural key."""

    name: str  # a kind of guides.content.SPECS: the msgctxt prefix
    natural_key: Callable[[Any], str]
    select_related: tuple[str, ...] = ()
    # Steps and required documents are edited on their procedure's page (inlines).
    owner: Callable[[Any], models.Model] | None = None

    @property
    def model(self) -> type[models.Model]:
        return SPECS[self.name].model

    def objects(self) -> models.QuerySet:
        return self.model.objects.select_related(*self.select_related)


KINDS: tuple[Kind, ...] = (
    Kind("company", lambda company: company.slug),
    Kind("operator", lambda operator: operator.slug),
    Kind("document", lambda document: document.slug),
    Kind("procedure", _procedure_key, ("operator",)),
    Kind(
        "step",
        lambda step: f"{_procedure_key(step.procedure)}/{step.order}",
        ("procedure__operator",),
        owner=lambda step: step.procedure,
    ),
    Kind(
        "required_document",
        lambda item: f"{_procedure_key(item.procedure)}/{item.document.slug}/{item.audience}",
        ("procedure__operator", "document"),
        owner=lambda item: item.procedure,
    ),
    Kind("category", lambda category: category.slug),
    Kind("entry", lambda entry: entry.slug),
    Kind("decision_text", lambda text: text.key),
)
KIND_OF_MODEL = {kind.model: kind for kind in KINDS}


def owner_of(obj: models.Model) -> models.Model:
    """The object whose admin page edits `obj` (a step's procedure; otherwise itself)."""
    kind = KIND_OF_MODEL[type(obj)]
    return kind.owner(obj) if kind.owner else obj


@dataclass
class Index:
    """Every content object by its msgctxt key (without the field)."""

    objects: dict[str, models.Model] = field(default_factory=dict)
    # Natural keys two objects share (steps with the same order): exported by pk instead.
    ambiguous: set[str] = field(default_factory=set)

    def key_of(self, kind: Kind, obj: models.Model) -> str:
        natural = f"{kind.name}:{kind.natural_key(obj)}"
        # Only steps lack a unique natural key; their pk form has no "/", so it can't clash.
        return f"{kind.name}:{obj.pk}" if natural in self.ambiguous else natural


def build_index() -> tuple[Index, list[tuple[Kind, models.Model]]]:
    """All content objects in export order, and the index that resolves their keys."""
    index = Index()
    ordered: list[tuple[Kind, models.Model]] = []
    for kind in KINDS:
        seen: Counter[str] = Counter()
        for obj in kind.objects():
            natural = f"{kind.name}:{kind.natural_key(obj)}"
            seen[natural] += 1
            index.objects[natural] = obj
            if kind.name == "step":
                index.objects[f"step:{obj.pk}"] = obj
            ordered.append((kind, obj))
        duplicates = {key for key, count in seen.items() if count > 1}
        index.ambiguous |= duplicates
        for key in duplicates:
            del index.objects[key]
    return index, ordered


# -- Export ------------------------------------------------------------------------------


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
    kind = KIND_OF_MODEL[type(obj)]
    if kind.owner:
        owner = kind.owner(obj)
        text += " " + _("of %(model)s “%(object)s”") % {"model": owner._meta.verbose_name, "object": owner}
    return text


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
            "An empty msgstr changes nothing; entries marked fuzzy are not imported."
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
        for kind, obj in ordered:
            key = index.key_of(kind, obj)
            for name in translated_fields(kind.model):
                source_code, source = source_text(obj, name)
                if not source:
                    continue  # empty in every language: nothing to translate
                label = kind.model._meta.get_field(name).verbose_name
                po.append(
                    polib.POEntry(
                        msgctxt=f"{key}#{name}",
                        msgid=source,
                        msgstr=getattr(obj, languages.field_name(name, code)) or "",
                        comment="\n".join([f"{describe(obj)}: {label}", *_field_notes(kind.model, name)]),
                        tcomment=(
                            f"Source text in {source_code}: there is no English text yet."
                            if source_code != languages.DEFAULT_CODE
                            else ""
                        ),
                    )
                )
    return str(po)


# -- Import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int | None  # in the PO file
    message: str
    context: str = ""  # the entry's msgctxt, when there is one


@dataclass(frozen=True)
class Change:
    obj: models.Model
    field: str  # the translated field, e.g. "title"
    column: str  # its column in the file's language, e.g. "title_kk"
    old: str
    new: str
    context: str
    line: int

    @property
    def field_label(self) -> str:
        return capfirst(type(self.obj)._meta.get_field(self.field).verbose_name)

    @property
    def description(self) -> str:
        return describe(self.obj)


@dataclass
class ImportPlan:
    code: str
    changes: list[Change] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    entries: int = 0  # how many entries the file holds

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def fingerprint(self) -> str:
        """Identifies exactly these changes (to check a confirmation against its preview)."""
        digest = hashlib.sha256()
        for change in self.changes:
            digest.update(repr((change.context, change.old, change.new)).encode())
        return digest.hexdigest()


class ImportConflict(Exception):
    """A text changed in the database after the import was planned; nothing was applied."""


def decode(*, data: bytes) -> str:
    """An uploaded file's text. UnicodeDecodeError's line is reported by `undecodable_line`."""
    return data.decode("utf-8-sig")


def undecodable_line(*, data: bytes, error: UnicodeDecodeError) -> int:
    return data[: error.start].count(b"\n") + 1


def _line_from(lines: list[str], start: int, keyword: str) -> int:
    """The first line at or after `start` that begins with `keyword` (polib gives entries'
    first lines, often a comment; errors point at the msgctxt or msgstr itself)."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip().startswith(keyword):
            return number
    return max(start, 1)


def _header_line(lines: list[str], name: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(f'"{name}:'):
            return number
    return None


def _spellings(code: str) -> set[str]:
    language = languages.get(code)
    return {_normal(spelling) for spelling in (language.code, language.locale, language.og_locale)}


def _normal(spelling: str) -> str:
    return spelling.strip().lower().replace("-", "_")


def parse_import(*, code: str, text: str) -> ImportPlan:
    """Check a translator's PO file for language `code` and list what it would change.

    Changes nothing. Any error in the plan means the file must not be applied.
    """
    plan = ImportPlan(code=code)
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    plan.errors.extend(_line_problems(lines))
    if plan.errors:
        return plan
    try:
        # A trailing newline: polib reads a one-line text that names a file as that file.
        po = polib.pofile(text if text.endswith("\n") else text + "\n")
    except OSError as error:
        match = re.search(r"\(line (\d+)\)(?::\s*(.*))?", str(error))
        line = int(match.group(1)) if match else None
        detail = match.group(2) if match and match.group(2) else ""
        message = _("Syntax error in the PO file.")
        plan.errors.append(Problem(line, f"{message} ({detail})" if detail else message))
        return plan

    _check_language(plan, po, lines)
    index, _ordered = build_index()
    first_lines: dict[str, int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        plan.entries += 1
        _plan_entry(plan, index, entry, lines, first_lines)
    return plan


def _line_problems(lines: list[str]) -> list[Problem]:
    """Lines no PO tool would accept (polib lets some through, e.g. an unclosed string)."""
    problems = []
    for number, line in enumerate(lines, start=1):
        if ODD_LINE_BREAKS.search(line):
            problems.append(Problem(number, _("This line holds a control or line-separator character.")))
        elif not PO_LINE.fullmatch(line):
            message = _('Syntax error: expected a comment (# …), a keyword and a quoted text (msgstr "…") or “"…"”.')
            problems.append(Problem(number, message))
        if len(problems) == MAX_LINE_PROBLEMS:
            problems.append(Problem(None, _("The remaining lines were not checked.")))
            break
    return problems


def _check_language(plan: ImportPlan, po: polib.POFile, lines: list[str]) -> None:
    declared = po.metadata.get("Language", "").strip()
    line = _header_line(lines, "Language") or _line_from(lines, 1, "msgid")
    expected = languages.get(plan.code).locale
    if not declared:
        plan.errors.append(
            Problem(line, _("The file has no Language header; expected “%(expected)s”.") % {"expected": expected})
        )
    elif _normal(declared) not in _spellings(plan.code):
        plan.errors.append(
            Problem(
                line,
                _("The file is for language “%(declared)s”, but you chose “%(expected)s”.")
                % {"declared": declared, "expected": expected},
            )
        )


def _resolve(index: Index, context: str) -> tuple[models.Model | None, str, str | None]:
    """(object, field, error message) for a msgctxt."""
    key, separator, name = context.rpartition("#")
    kind_name = key.partition(":")[0]
    if not separator or not name:
        return None, "", _("The msgctxt “%(context)s” names no field (expected “…#field”).") % {"context": context}
    if key in index.ambiguous:
        return None, name, _("Two steps share the key “%(key)s”; give them different orders.") % {"key": key}
    obj = index.objects.get(key)
    if obj is None:
        return None, name, _("No object has the key “%(key)s”.") % {"key": key}
    if name not in translated_fields(type(obj)):
        return (
            None,
            name,
            _("“%(field)s” is not a translated text of %(kind)s objects.") % {"field": name, "kind": kind_name},
        )
    return obj, name, None


def _plan_entry(
    plan: ImportPlan, index: Index, entry: polib.POEntry, lines: list[str], first_lines: dict[str, int]
) -> None:
    context = entry.msgctxt
    context_line = _line_from(lines, entry.linenum, "msgctxt" if context is not None else "msgid")
    msgstr_line = _line_from(lines, entry.linenum, "msgstr")

    def error(line: int, message: str) -> None:
        plan.errors.append(Problem(line, message, context or ""))

    def warn(line: int, message: str) -> None:
        plan.warnings.append(Problem(line, message, context or ""))

    if not context:
        error(context_line, _("This entry has no msgctxt, so it can't be matched to a text."))
        return
    if context in first_lines:
        error(
            context_line,
            _("The msgctxt “%(context)s” is already used on line %(line)d.")
            % {"context": context, "line": first_lines[context]},
        )
        return
    first_lines[context] = context_line
    obj, name, problem = _resolve(index, context)
    if problem:
        error(context_line, problem)
        return
    if entry.msgid_plural:
        error(context_line, _("Plural forms are not used in this file."))
        return
    if "fuzzy" in entry.flags:
        if entry.msgstr.strip():
            warn(context_line, _("Marked fuzzy (needs review): not imported."))
        return
    column = languages.field_name(name, plan.code)
    old = getattr(obj, column) or ""
    if not entry.msgstr or entry.msgstr.strip() == old.strip():
        return  # untranslated (an import never deletes a text), or unchanged: nothing to check
    new = entry.msgstr.strip()
    if not new:
        error(msgstr_line, _("The translation is only whitespace."))
        return
    problems = _text_problems(type(obj), column, entry.msgid, new)
    for message in problems:
        error(msgstr_line, message)
    if problems:
        return
    for message in _text_warnings(entry.msgid, new):
        warn(msgstr_line, message)
    current_code, current = source_text(obj, name)
    if current and entry.msgid != current:
        warn(
            context_line,
            _("The source text (%(language)s) changed after this file was exported; check this translation.")
            % {"language": current_code},
        )
    plan.changes.append(Change(obj, name, column, old, new, context, msgstr_line))


def _text_problems(model: type[models.Model], column: str, source: str, text: str) -> list[str]:
    """What makes `text` unusable in `column`: it would be refused or render broken."""
    problems = []
    model_field = model._meta.get_field(column)
    if isinstance(model_field, models.CharField) and "\n" in text:
        problems.append(_("This text must be one line."))
    try:
        model_field.run_validators(text)
    except ValidationError as error:
        problems.extend(error.messages)
    source_links, links = MARKDOWN_LINK.findall(source), MARKDOWN_LINK.findall(text)
    if len(links) != len(source_links):
        problems.append(
            _("The source has %(source)d Markdown links [text](address), the translation %(count)d.")
            % {"source": len(source_links), "count": len(links)}
        )
    for address in links:
        if address not in source_links and not address.startswith(LINK_SCHEMES):
            problems.append(_("The link address “%(address)s” is not a web address.") % {"address": address})
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
        problems.append(_("The placeholders (in braces, or after a percent sign) differ from the source."))
    return problems


def _text_warnings(source: str, text: str) -> list[str]:
    warnings = []
    if set(MARKDOWN_LINK.findall(source)) != set(MARKDOWN_LINK.findall(text)):
        warnings.append(_("A link address differs from the source."))
    if source.count("**") % 2 == 0 and text.count("**") % 2:
        warnings.append(_("An odd number of ** (bold) markers: some bold text may not close."))
    return warnings


def forbidden_changes(*, plan: ImportPlan, user) -> list[Problem]:
    """Changes to objects this user may not change (checked per model, as in the admin)."""
    problems = []
    for change in plan.changes:
        for obj in {change.obj, owner_of(change.obj)}:
            opts = obj._meta
            if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                message = _("You may not change %(model)s objects.") % {"model": opts.verbose_name_plural}
                problems.append(Problem(change.line, message, change.context))
    return problems


def _grouped(changes: Iterable[Change]) -> Iterator[tuple[type[models.Model], int, list[Change]]]:
    groups: dict[tuple[type[models.Model], int], list[Change]] = {}
    for change in changes:
        groups.setdefault((type(change.obj), change.obj.pk), []).append(change)
    for (model, pk), group in groups.items():
        yield model, pk, group


def apply_import(plan: ImportPlan, *, user=None) -> int:
    """Write the planned texts, all or nothing; returns how many texts changed.

    Each changed object is saved once (its history, lock counter and signals follow), and a
    step's or required document's procedure is saved too: that is the object editors open,
    so an editor's form opened before the import can't silently overwrite it.
    Raises ImportConflict when a text is no longer what the plan saw.
    """
    if plan.errors:
        raise ValueError("A plan with errors must not be applied.")
    if not plan.changes:
        return 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(f"Translation import ({plan.code}): {len(plan.changes)} texts")
        if user is not None:
            reversion.set_user(user)
        saved: set[tuple[type[models.Model], int]] = set()
        owners: set[tuple[type[models.Model], int]] = set()
        for model, pk, group in _grouped(plan.changes):
            obj = model.objects.select_for_update().filter(pk=pk).first()
            if obj is None:
                raise ImportConflict(
                    _("%(object)s was deleted after the import was checked.") % {"object": group[0].context}
                )
            for change in group:
                if (getattr(obj, change.column) or "") != change.old:
                    raise ImportConflict(
                        _("“%(context)s” was changed by someone else after the import was checked.")
                        % {"context": change.context}
                    )
                setattr(obj, change.column, change.new)
            obj.save()
            saved.add((model, pk))
            owner = owner_of(obj)
            owners.add((type(owner), owner.pk))
        for model, pk in owners - saved:
            model.objects.select_for_update().get(pk=pk).save()
        cache.invalidate()  # the saves did already; this states that an import always does
    return len(plan.changes)
