"""The printable sheet for one operator, in one or two languages, as HTML or as a PDF.

A visitor takes it to the operator's office: contacts and hours, each published
procedure's numbered steps, a tick-box document checklist, when it was last verified,
the services to unlink from the number, the date printed and a QR code to the live page.
`?with=<code>` puts the clerk's language beside the visitor's, each procedure opening
with one plain sentence the visitor can point at; `?procedure=<slug>` narrows the sheet
to one procedure.

Bad parameters get an answer in the page's language, never a 500 (`PrintProblem`):
- `?with=` that is not one of the four codes, or is the page's own language, and any
  parameter given twice or longer than MAX_PARAMETER_LENGTH → 400, with links to the
  sheets that do exist;
- `?procedure=` naming no published procedure of this operator → 404, same page.
Other parameters (utm_source, fbclid, ...) are ignored so shared links keep working;
the PDF cache key is built from the validated parameters only, so junk can't bypass it.

WeasyPrint is imported in `render_pdf` only: a server without Pango serves every other
page, and answers a PDF request with a 503 page instead of failing to start.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import segno
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from config import languages
from editorial import cache as page_cache
from editorial.text import LocalizedText
from guides.checklist import AudienceGroup, documents_by_audience
from guides.models import Procedure, RequiredDocument
from operators.models import Operator

logger = logging.getLogger(__name__)

# The pairs the sheet's header offers: a visitor's language with the clerk's (DESIGN.md).
LANGUAGE_PAIRS: tuple[tuple[str, str], ...] = (("zh-hans", "ru"), ("zh-hans", "kk"), ("en", "ru"), ("kk", "ru"))
# Longer than any code or slug; anything longer is not a typo but junk.
MAX_PARAMETER_LENGTH = 100

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

# The sheet's own words, printed side by side in each of its languages (print/_words.html);
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

# PDFs: kept an hour at most (the content version in the key makes edits show at once;
# the expiry bounds anything else, such as a new layout after a deploy). A render takes
# about a second: while one runs, other requests for the same sheet wait for its result.
PDF_CACHE_SECONDS = 60 * 60
RENDER_WAIT_SECONDS = 20
RENDER_POLL_SECONDS = 0.2
QR_ERROR_CORRECTION = "m"  # survives a crease or a smudge on paper


class PrintProblem(Exception):
    """A request the sheet can't answer: its message is shown in the page's language."""

    def __init__(self, message: str, *, status: int, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


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


def sheet_query(*, procedure: str | None, second: str | None) -> str:
    pairs = [(name, value) for name, value in (("procedure", procedure), ("with", second)) if value]
    return f"?{urlencode(pairs)}" if pairs else ""


def _single(*, query: QueryDict, name: str) -> str:
    values = query.getlist(name)
    if len(values) > 1:
        raise PrintProblem(_("Give “%(name)s” only once.") % {"name": name}, status=400)
    value = values[0].strip() if values else ""
    if len(value) > MAX_PARAMETER_LENGTH:
        raise PrintProblem(_("The value of “%(name)s” is too long.") % {"name": name}, status=400)
    return value


def read_options(*, query: QueryDict, code: str) -> SheetOptions:
    """The sheet's parameters, checked; PrintProblem(400) for anything we can't print."""
    second = _single(query=query, name="with").lower() or None
    procedure = _single(query=query, name="procedure") or None
    if second is not None and second not in languages.BY_CODE:
        raise PrintProblem(
            _("“%(value)s” is not a language of this guide. Choose one of the sheets below.") % {"value": second},
            status=400,
        )
    if second == code:
        raise PrintProblem(
            _("The second language must differ from the language of the page. Choose one of the sheets below."),
            status=400,
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


def _procedure_order(procedure: Procedure) -> tuple:
    # As on the operator page: kinds in the order people need them (cancel first).
    kinds, channels = list(Procedure.Kind.values), list(Procedure.Channel.values)
    return (kinds.index(procedure.kind), channels.index(procedure.channel), procedure.order, procedure.pk)


def _procedures_queryset(*, slug: str | None):
    queryset = Procedure.objects.for_operator_page().prefetch_related(
        "steps",
        "sources",
        Prefetch("required_documents", queryset=RequiredDocument.objects.select_related("document")),
    )
    if slug is None:
        return queryset
    # Not a slug, no procedure (and no NUL byte for PostgreSQL to refuse).
    return queryset.filter(slug=slug) if slug_re.fullmatch(slug) else queryset.none()


def build_sheet(*, operator_slug: str, options: SheetOptions, origin: str) -> Sheet:
    """Everything the sheet shows, in a fixed number of queries (Http404 for no operator)."""
    operator = get_object_or_404(
        Operator.objects.active().prefetch_related(
            "sources",
            Prefetch("procedures", queryset=_procedures_queryset(slug=options.procedure), to_attr="printed_procedures"),
        ),
        slug=operator_slug,
    )
    procedures = sorted(operator.printed_procedures, key=_procedure_order)
    if options.procedure and not procedures:
        raise PrintProblem(
            _("%(operator)s has no published procedure “%(slug)s”. Print the whole sheet instead.")
            % {"operator": operator.name, "slug": options.procedure},
            status=404,
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
        services=unlink_services(codes=options.codes),
        words={
            name: tuple(translated(message=message, code=code) for code in options.codes)
            for name, message in SHEET_WORDS.items()
        },
        choices=language_choices(code=options.code, second=options.second, procedure=options.procedure),
    )


def pdf_filename(*, operator_slug: str, options: SheetOptions) -> str:
    parts = [operator_slug, options.procedure, *options.codes]
    return "kz-sim-guide-" + "-".join(part for part in parts if part) + ".pdf"


def pdf_cache_key(*, operator_slug: str, options: SheetOptions, origin: str) -> str | None:
    """The one place that names a cached PDF; None when the cache can't be used.

    Content version from guides/cache.py (bumped by every content change); the date
    because the sheet prints it; the origin because the QR code holds it.
    """
    version = page_cache.current_version()
    if version is None:
        return None
    raw = "|".join((origin, operator_slug, options.code, options.query, timezone.localdate().isoformat()))
    return f"print-pdf:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_pdf(*, key: str | None, render: Callable[[], bytes]) -> bytes:
    """The PDF under `key`, rendering it once however many requests ask at the same time."""
    if key is None:
        return render()
    try:
        pdf = cache.get(key)
    except Exception:  # the cache went away since current_version(): render uncached
        logger.warning("PDF cache unavailable", exc_info=True)
        return render()
    if pdf is not None:
        return pdf

    def render_and_store() -> bytes:
        pdf = render()
        cache.set(key, pdf, PDF_CACHE_SECONDS)
        return pdf

    try:
        return page_cache.produce_once(
            lock=f"{key}:rendering",
            fetch=lambda: cache.get(key),
            produce=render_and_store,
            wait=RENDER_WAIT_SECONDS,
            poll=RENDER_POLL_SECONDS,
        )
    except page_cache.StillRendering:
        raise PrintProblem(
            _("Many people are downloading this sheet right now. Please try again in a minute."),
            status=503,
            retry_after=math.ceil(RENDER_WAIT_SECONDS),
        ) from None


def render_pdf(*, html: str, base_url: str) -> bytes:
    """HTML → PDF with the print stylesheet; fonts come from fontconfig and are embedded."""
    try:
        # Only here: WeasyPrint needs Pango, which only the PDF needs.
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        logger.error("PDF sheets are unavailable: %s", error)
        raise PrintProblem(
            _("PDFs can't be made on this server right now. Open the printable page and use your browser's Print."),
            status=503,
        ) from error

    class NoFetching(URLFetcher):
        # The sheet is self-contained (inline SVG, stylesheet passed in): nothing to fetch.
        def fetch(self, url, headers=None):
            raise ValueError(f"the print sheet fetches nothing ({url})")

    # Its per-step progress lines would drown the server's log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    stylesheet = weasyprint.CSS(filename=finders.find("css/print.css"))
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=NoFetching())
    return document.write_pdf(stylesheets=[stylesheet])


def sheet_pdf(*, operator_slug: str, options: SheetOptions, origin: str) -> bytes:
    def render() -> bytes:
        sheet = build_sheet(operator_slug=operator_slug, options=options, origin=origin)
        html = render_to_string("print/sheet.html", {"sheet": sheet, "for_pdf": True})
        return render_pdf(html=html, base_url=origin)

    key = pdf_cache_key(operator_slug=operator_slug, options=options, origin=origin)
    return cached_pdf(key=key, render=render)
