"""The printable sheet for one operator, in one or two languages, as HTML or as a PDF.

A visitor takes it to the operator's office: contacts and hours, each published
procedure's numbered steps, a tick-box document checklist, when it was last verified,
the services to unlink from the number, the date printed and a QR code to the live page.
`?with=<code>` puts the clerk's language beside the visitor's, each procedure opening
with one plain sentence the visitor can point at; `?procedure=<slug>` narrows the sheet
to one procedure.

This module builds the sheet's data (`build_sheet`); printing/options.py checks its
parameters, printing/pdf.py turns it into a PDF, printing/views.py answers the requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import segno
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from config import languages
from editorial import change_notes
from editorial.text import LocalizedText
from guides.checklist import AudienceGroup, documents_by_audience
from guides.models import Procedure, RequiredDocument
from operators.models import Operator
from printing.options import LanguageChoice, SheetOptions, UnknownProcedure, language_choices, sheet_query

QR_ERROR_CORRECTION = "m"  # survives a crease or a smudge on paper

# One sentence per kind of procedure, for the visitor to point at at the counter.
POINTING_SENTENCES: dict[str, str] = {
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.CANCEL: gettext_noop(
        "I want to terminate my contract for this number and receive the confirmation."
    ),
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.SUSPEND: gettext_noop(
        "I want to suspend this number for a while (a voluntary block), keep the number, and receive the confirmation."
    ),
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.BLOCK_LOST: gettext_noop(
        "My SIM card was lost or stolen: I want to block this number now and keep the number."
    ),
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.REPLACE_SIM: gettext_noop("I want a new SIM card for this number, keeping the same number."),
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.PORT_IN: gettext_noop(
        "I want to move my number to you from another operator and keep the same number."
    ),
    # Translators: printed on the sheet a visitor shows the clerk at the operator's office.
    Procedure.Kind.RE_REGISTER: gettext_noop(
        "I want to re-register this number to another person and receive the confirmation."
    ),
}

# What to unlink before a number stops working or passes to someone else. Brand names
# are printed as they are; only the words around them are translated. The last one has
# a line to write on.
WRITE_IN = gettext_noop("other:")
UNLINK_SERVICES: tuple[str, ...] = (
    "Kaspi",
    "Halyk",
    gettext_noop("other banks"),
    "eGov",
    "WhatsApp",
    "Telegram",
    "WeChat",
    "Alipay",
    WRITE_IN,
)
TRANSLATED_SERVICES = frozenset({gettext_noop("other banks"), WRITE_IN})

# The sheet's own words, printed side by side in each of its languages (printing/_words.html);
# kept here so an untranslated one is marked as English like any other fallback.
SHEET_WORDS: dict[str, str] = {
    "steps": gettext_noop("Steps"),
    "documents": gettext_noop("Documents to bring"),
    "no_documents": gettext_noop("No document list yet: ask the operator what to bring."),
    "no_procedures": gettext_noop("No published procedures for this operator yet. Contact the operator directly."),
    "services": gettext_noop("Services to unlink from this number"),
    "services_hint": gettext_noop(
        "Before the number stops working or passes to someone else, change it in these services. "
        "Tick each one when it is done."
    ),
    "sources": gettext_noop("Sources:"),
    "independent": gettext_noop(
        "An independent guide, not affiliated with any mobile operator. We do not track visitors. "
        "Always confirm the details with your operator."
    ),
}


class UnknownOperator(Exception):
    """No active operator has this slug."""


@dataclass(frozen=True)
class ServiceItem:
    name: str  # a brand, the same in every language ("" when translated)
    texts: tuple[LocalizedText, ...]  # the word in each sheet language
    write_in: bool = False


@dataclass(frozen=True)
class PrintedProcedure:
    procedure: Procedure
    pointing: tuple[LocalizedText, ...]  # one per sheet language
    document_groups: list[AudienceGroup]


@dataclass(frozen=True)
class Sheet:
    operator: Operator
    options: SheetOptions
    procedures: list[PrintedProcedure]
    narrowed_to: Procedure | None
    operator_url: str  # absolute: the canonical page
    live_url: str  # absolute: where the QR code points
    qr_svg: SafeString
    printed_on: date
    last_updated: date | None  # its newest procedure's last major change
    services: list[ServiceItem]
    words: dict[str, tuple[LocalizedText, ...]]  # SHEET_WORDS in each sheet language
    choices: list[LanguageChoice]

    @property
    def codes(self) -> tuple[str, ...]:
        return self.options.codes

    @property
    def is_bilingual(self) -> bool:
        return self.options.second is not None

    @property
    def whole_sheet_query(self) -> str:
        """The same languages without ?procedure=: every procedure of the operator."""
        return sheet_query(procedure=None, second=self.options.second)


def translated(*, message: str, code: str) -> LocalizedText:
    """A gettext message in `code`; while the catalog lacks it, honestly marked as English."""
    with translation.override(code):
        text = gettext(message)
    untranslated = text == message and code != languages.DEFAULT_CODE
    return LocalizedText(text, languages.DEFAULT_CODE if untranslated else code, code)


def pointing_sentence(*, kind: str, code: str) -> LocalizedText:
    return translated(message=POINTING_SENTENCES[kind], code=code)


def unlink_services(*, codes: tuple[str, ...]) -> list[ServiceItem]:
    items = []
    for service in UNLINK_SERVICES:
        if service in TRANSLATED_SERVICES:
            texts: dict[str, LocalizedText] = {}
            for code in codes:
                text = translated(message=service, code=code)
                texts.setdefault(text.text, text)  # "x / x" says nothing twice
            items.append(ServiceItem("", tuple(texts.values()), write_in=service == WRITE_IN))
        else:
            items.append(ServiceItem(service, ()))
    return items


def qr_svg(*, url: str) -> SafeString:
    """An inline SVG QR code for `url`, sized by CSS (print.css)."""
    code = segno.make(url, error=QR_ERROR_CORRECTION, micro=False)
    # segno escapes the title; the URL itself is ours (reverse() + a validated host).
    return mark_safe(code.svg_inline(scale=1, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=url))


def _procedures_queryset(*, slug: str | None):
    queryset = change_notes.with_last_updated(Procedure.objects.for_visitors())
    queryset = queryset.prefetch_related(
        "steps",
        "sources",
        Prefetch("required_documents", queryset=RequiredDocument.objects.select_related("document")),
    )
    if slug is None:
        return queryset
    # Not a slug, no procedure (and no NUL byte for PostgreSQL to refuse).
    return queryset.filter(slug=slug) if slug_re.fullmatch(slug) else queryset.none()


def build_sheet(*, operator_slug: str, options: SheetOptions, origin: str) -> Sheet:
    """Everything the sheet shows, in a fixed number of queries."""
    operator = (
        Operator.objects.active()
        .with_contacts()
        .prefetch_related(
            "sources",
            Prefetch("procedures", queryset=_procedures_queryset(slug=options.procedure), to_attr="printed_procedures"),
        )
        .filter(slug=operator_slug)
        .first()
    )
    if operator is None:
        raise UnknownOperator(operator_slug)
    procedures = operator.printed_procedures
    if options.procedure and not procedures:
        raise UnknownProcedure(
            _("%(operator)s has no published procedure “%(slug)s”. Print the whole sheet instead.")
            % {"operator": operator.name, "slug": options.procedure}
        )
    narrowed_to = procedures[0] if options.procedure else None
    with translation.override(options.code):
        operator_url = origin + operator.get_absolute_url()
        live_url = origin + narrowed_to.get_absolute_url() if narrowed_to else operator_url
    return Sheet(
        operator=operator,
        options=options,
        procedures=[
            PrintedProcedure(
                procedure=procedure,
                pointing=tuple(pointing_sentence(kind=procedure.kind, code=code) for code in options.codes),
                document_groups=documents_by_audience(procedure),
            )
            for procedure in procedures
        ],
        narrowed_to=narrowed_to,
        operator_url=operator_url,
        live_url=live_url,
        qr_svg=qr_svg(url=live_url),
        printed_on=timezone.localdate(),
        last_updated=change_notes.newest(*(procedure.last_updated for procedure in procedures)),
        services=unlink_services(codes=options.codes),
        words={
            name: tuple(translated(message=message, code=code) for code in options.codes)
            for name, message in SHEET_WORDS.items()
        },
        choices=language_choices(code=options.code, second=options.second, procedure=options.procedure),
    )
