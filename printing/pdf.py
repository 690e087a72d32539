"""The print sheet as a PDF, made with WeasyPrint and kept in the cache.

WeasyPrint is imported in `render_pdf` only: a server without Pango serves every other
page, and answers a PDF request with a 503 page instead of failing to start. A PDF is
cached (serving.results.remember) under the validated parameters only, so a junk
parameter can't make every request a fresh render.
"""

from __future__ import annotations

import logging
import math

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from printing.options import PdfUnavailable, SheetOptions
from printing.sheet import build_sheet
from serving import results

logger = logging.getLogger(__name__)

# PDFs: kept an hour at most (the content version in the key makes edits show at once;
# the expiry bounds anything else, such as a new layout after a deploy). A render takes
# about a second: while one runs, other requests for the same sheet wait for its result.
PDF_CACHE_SECONDS = 60 * 60
RENDER_WAIT_SECONDS = 20
RENDER_POLL_SECONDS = 0.2
QR_ERROR_CORRECTION = "m"  # survives a crease or a smudge on paper


def pdf_filename(*, operator_slug: str, options: SheetOptions) -> str:
    parts = [operator_slug, options.procedure, *options.codes]
    return "kz-sim-guide-" + "-".join(part for part in parts if part) + ".pdf"


def render_pdf(*, html: str, base_url: str) -> bytes:
    """HTML → PDF with the print stylesheet; fonts come from fontconfig and are embedded."""
    try:
        # Only here: WeasyPrint needs Pango, which only the PDF needs.
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        logger.error("PDF sheets are unavailable: %s", error)
        raise PdfUnavailable(
            _("PDFs can't be made on this server right now. Open the printable page and use your browser's Print.")
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
        html = render_to_string("printing/sheet.html", {"sheet": sheet, "for_pdf": True})
        return render_pdf(html=html, base_url=origin)

    try:
        return results.remember(
            name="print-pdf",
            # The date because the sheet prints it; the origin because the QR code holds it.
            parts=(origin, operator_slug, options.code, options.query, timezone.localdate().isoformat()),
            produce=render,
            seconds=PDF_CACHE_SECONDS,
            wait=RENDER_WAIT_SECONDS,
            poll=RENDER_POLL_SECONDS,
        )
    except results.StillRendering:
        raise PdfUnavailable(
            _("Many people are downloading this sheet right now. Please try again in a minute."),
            retry_after=math.ceil(RENDER_WAIT_SECONDS),
        ) from None
