"""Translators' files coming back: a PO file of one language checked entry by entry
(`parse_import`: every problem with its line number, nothing changed), then applied
(`apply_import`: all or nothing, one save per changed object). The file's shape is
described in editors/translation_export.py; reading it as PO (lines, syntax, its
language) is editors/translation_file.py."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import polib
import reversion
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config import languages
from editorial import freshness
from editorial.completeness import translated_fields
from editorial.text_input import control_character, control_character_message, normalised
from editors import translation_file
from editors.translation_export import (
    Index,
    build_index,
    describe,
    exported_base,
    exported_review,
    owner_of,
    source_text,
    text_base,
)
from editors.translation_file import Problem
from serving import versions

MARKDOWN_LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sd]|%[sd]|\{[A-Za-z_]\w*\}")
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:", "/", "#")


# -- Import --------------------------------------------------------------------------------


class _EntryOfObject:
    """How the preview names an entry's object and field (Change and Confirmation)."""

    obj: models.Model
    field: str

    @property
    def field_label(self) -> str:
        return capfirst(type(self.obj)._meta.get_field(self.field).verbose_name)

    @property
    def description(self) -> str:
        return describe(self.obj)


@dataclass(frozen=True)
class Change(_EntryOfObject):
    obj: models.Model
    field: str  # the translated field, e.g. "title"
    column: str  # its column in the file's language, e.g. "title_kk"
    old: str
    new: str
    context: str
    line: int


@dataclass(frozen=True)
class Confirmation(_EntryOfObject):
    """A text marked for review when exported, and no longer fuzzy: it still matches."""

    obj: models.Model
    field: str
    key: str  # editorial.freshness.key_of
    context: str
    line: int


@dataclass
class ImportPlan:
    code: str
    changes: list[Change] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
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
        for confirmation in self.confirmations:
            digest.update(repr((confirmation.context, confirmation.key)).encode())
        return digest.hexdigest()


class ImportConflict(Exception):
    """A text changed in the database after the import was planned; nothing was applied."""


def parse_import(*, code: str, text: str) -> ImportPlan:
    """Check a translator's PO file for language `code` and list what it would change.

    Changes nothing. Any error in the plan means the file must not be applied.
    """
    plan = ImportPlan(code=code)
    po, lines, problems = translation_file.read(code=code, text=text)
    plan.errors.extend(problems)
    if po is None:
        return plan
    index, _ordered = build_index()
    reviews = freshness.flags_in(plan.code)
    first_lines: dict[str, int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        plan.entries += 1
        _plan_entry(plan, index, entry, lines, first_lines, reviews)
    return plan


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
    plan: ImportPlan,
    index: Index,
    entry: polib.POEntry,
    lines: list[str],
    first_lines: dict[str, int],
    reviews: dict,
) -> None:
    context = entry.msgctxt
    context_line = translation_file.line_from(lines, entry.linenum, "msgctxt" if context is not None else "msgid")
    msgstr_line = translation_file.line_from(lines, entry.linenum, "msgstr")

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
    _plan_confirmation(plan, obj, name, entry, reviews, context_line, warn)
    column = languages.field_name(name, plan.code)
    old = getattr(obj, column) or ""
    new = normalised(entry.msgstr).strip()
    if not entry.msgstr or new == normalised(old).strip():
        return  # untranslated (an import never deletes a text), or unchanged: nothing to check
    base = exported_base(entry)
    if base is not None and text_base(new) == base:
        return  # left as it was exported: nothing of the translator's to import
    if base is None and normalised(old).strip():
        # Without its fingerprint (the line removed, or a file from before there was one)
        # nobody can tell whether the guide's text changed since the export: stale.
        error(
            msgstr_line,
            _(
                "This entry has lost its “#. base:” line, so nobody can tell whether the text was changed in "
                "the guide after the file was exported. Export the file again and translate the current text."
            ),
        )
        return
    if base is not None and base != text_base(old):
        # Someone changed this text in the guide after the export: importing the file's
        # version would silently overwrite their change.
        error(
            msgstr_line,
            _(
                "This text was changed in the guide after the file was exported, so the file would overwrite "
                "that change. Export the file again and translate the current text."
            ),
        )
        return
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


def _plan_confirmation(plan, obj, name, entry, reviews, line, warn) -> None:
    """An entry exported for review and returned without its fuzzy mark (and not emptied)
    says its text still matches the newest one, whether or not its text changed."""
    exported = exported_review(entry)
    if exported is None or not entry.msgstr.strip():
        return
    flag = reviews.get((obj._meta.label_lower, obj.pk, name))
    if flag is None:
        return  # confirmed or updated since the export: nothing left to confirm
    if flag.since.isoformat() != exported:
        warn(
            line,
            _(
                "The newest text changed again after this file was exported, so this text still needs review. "
                "Export the file again to see the newest text."
            ),
        )
        return
    plan.confirmations.append(Confirmation(obj, name, freshness.key_of(flag), entry.msgctxt, line))


def _text_problems(model: type[models.Model], column: str, source: str, text: str) -> list[str]:
    """What makes `text` unusable in `column`: it would be refused or render broken."""
    if character := control_character(text):
        return [control_character_message(character)]
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
    """Write the planned texts and confirmations, all or nothing, with one cache
    invalidation; returns how many texts changed.

    Each changed object is saved once (its history, lock counter and signals follow), and a
    step's or required document's procedure is saved too: that is the object editors open,
    so an editor's form opened before the import can't silently overwrite it.
    Raises ImportConflict when a text is no longer what the plan saw.
    """
    if plan.errors:
        raise ValueError("A plan with errors must not be applied.")
    if not plan.changes and not plan.confirmations:
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
        # After the saves: a text the file also updated has cleared its own flag already.
        freshness.confirm(keys=[confirmation.key for confirmation in plan.confirmations])
        versions.invalidate()  # the saves did already; this states that an import always does
    return len(plan.changes)
