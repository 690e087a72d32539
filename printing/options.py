"""The print sheet's parameters: `?with=<code>` (a second language beside the page's) and
`?procedure=<slug>` (one procedure only), checked.

Bad parameters get an answer in the page's language, never a 500: `read_options` raises
`BadOptions` (the view answers 400, with links to the sheets that do exist) for `?with=`
that is not one of the four codes or is the page's own language, and for any parameter
given twice or longer than MAX_PARAMETER_LENGTH. Other parameters (utm_source, fbclid,
...) are ignored so shared links keep working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from config import languages

# The pairs the sheet's header offers: a visitor's language with the clerk's (DESIGN.md).
LANGUAGE_PAIRS: tuple[tuple[str, str], ...] = (("zh-hans", "ru"), ("zh-hans", "kk"), ("en", "ru"), ("kk", "ru"))
# Longer than any code or slug; anything longer is not a typo but junk.
MAX_PARAMETER_LENGTH = 100


class PrintProblem(Exception):
    """A request the sheet can't answer: its message is shown in the page's language."""

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after  # seconds, when trying again later will work


class BadOptions(PrintProblem):
    """The parameters ask for a sheet that can't exist."""


class UnknownProcedure(PrintProblem):
    """`?procedure=` names no published procedure of the operator."""


class PdfUnavailable(PrintProblem):
    """No PDF right now: this server can't make them, or too many are being made."""


@dataclass(frozen=True)
class SheetOptions:
    code: str  # the page's language
    second: str | None  # ?with=
    procedure: str | None  # ?procedure=

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, self.second) if self.second else (self.code,)

    @property
    def query(self) -> str:
        """The canonical query string, with its "?" (empty for the plain sheet)."""
        return sheet_query(procedure=self.procedure, second=self.second)


@dataclass(frozen=True)
class LanguageChoice:
    sheet_languages: tuple[languages.Language, ...]
    query: str
    is_current: bool


def sheet_query(*, procedure: str | None, second: str | None) -> str:
    pairs = [(name, value) for name, value in (("procedure", procedure), ("with", second)) if value]
    return f"?{urlencode(pairs)}" if pairs else ""


def _single(*, query: Mapping[str, Sequence[str]], name: str) -> str:
    values = list(query.get(name) or ())
    if len(values) > 1:
        raise BadOptions(_("Give “%(name)s” only once.") % {"name": name})
    value = values[0].strip() if values else ""
    if len(value) > MAX_PARAMETER_LENGTH:
        raise BadOptions(_("The value of “%(name)s” is too long.") % {"name": name})
    return value


def read_options(*, query: Mapping[str, Sequence[str]], code: str) -> SheetOptions:
    """The sheet's parameters (name → every value given), checked; BadOptions for
    anything we can't print."""
    second = _single(query=query, name="with").lower() or None
    procedure = _single(query=query, name="procedure") or None
    if second is not None and second not in languages.BY_CODE:
        raise BadOptions(
            _("“%(value)s” is not a language of this guide. Choose one of the sheets below.") % {"value": second},
        )
    if second == code:
        raise BadOptions(
            _("The second language must differ from the language of the page. Choose one of the sheets below."),
        )
    return SheetOptions(code=code, second=second, procedure=procedure)


def partner_codes(*, code: str) -> list[str]:
    """The languages LANGUAGE_PAIRS puts beside `code`, in the order of the table."""
    return [b if a == code else a for a, b in LANGUAGE_PAIRS if code in (a, b)]


def language_choices(*, code: str, second: str | None, procedure: str | None) -> list[LanguageChoice]:
    """The header's choices: this language only, then each pair that includes it."""
    current = languages.get(code)
    choices = [LanguageChoice((current,), sheet_query(procedure=procedure, second=None), second is None)]
    for partner in partner_codes(code=code):
        choices.append(
            LanguageChoice(
                (current, languages.get(partner)),
                sheet_query(procedure=procedure, second=partner),
                partner == second,
            )
        )
    return choices
