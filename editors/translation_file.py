"""A translator's PO file read back, before any of its entries is matched to a text: the
bytes decoded, every line checked as PO (polib lets some bad ones through), the file
parsed, its Language header matched to the language the translator chose; and the lines
a problem points at. What the entries change is planned in editors/translation_import.py;
the file is written by editors/translation_export.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib
from django.utils.translation import gettext as _

from config import languages

# str.splitlines() (which polib uses) breaks lines at these too; a PO editor doesn't.
ODD_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A PO line: blank, a comment, or an optional keyword and one quoted string (polib itself
# lets an unterminated string through).
PO_LINE = re.compile(
    r'\s*(?:#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\[nrt"\\])*"\s*)?'
)
MAX_LINE_PROBLEMS = 50  # a file that isn't PO at all needn't list every line


@dataclass(frozen=True)
class Problem:
    line: int | None  # in the PO file
    message: str
    context: str = ""  # the entry's msgctxt, when there is one


def decode(*, data: bytes) -> str:
    """An uploaded file's text. UnicodeDecodeError's line is reported by `undecodable_line`."""
    return data.decode("utf-8-sig")


def undecodable_line(*, data: bytes, error: UnicodeDecodeError) -> int:
    return data[: error.start].count(b"\n") + 1


def read(*, code: str, text: str) -> tuple[polib.POFile | None, list[str], list[Problem]]:
    """The parsed file (None when it can't be read as PO), its lines and its problems, for a
    file the translator says is in language `code`."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    problems = line_problems(lines)
    if problems:
        return None, lines, problems
    try:
        # A trailing newline: polib reads a one-line text that names a file as that file.
        po = polib.pofile(text if text.endswith("\n") else text + "\n")
    except OSError as error:
        match = re.search(r"\(line (\d+)\)(?::\s*(.*))?", str(error))
        line = int(match.group(1)) if match else None
        detail = match.group(2) if match and match.group(2) else ""
        message = _("Syntax error in the PO file.")
        return None, lines, [Problem(line, f"{message} ({detail})" if detail else message)]
    return po, lines, language_problems(code, po, lines)


def line_problems(lines: list[str]) -> list[Problem]:
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


def language_problems(code: str, po: polib.POFile, lines: list[str]) -> list[Problem]:
    declared = po.metadata.get("Language", "").strip()
    line = _header_line(lines, "Language") or line_from(lines, 1, "msgid")
    expected = languages.get(code).locale
    if not declared:
        return [Problem(line, _("The file has no Language header; expected “%(expected)s”.") % {"expected": expected})]
    if _normal(declared) not in _spellings(code):
        return [
            Problem(
                line,
                _("The file is for language “%(declared)s”, but you chose “%(expected)s”.")
                % {"declared": declared, "expected": expected},
            )
        ]
    return []


def line_from(lines: list[str], start: int, keyword: str) -> int:
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
