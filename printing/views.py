"""The printable sheet and its PDF: the request in, the response out. The sheet's data
comes from printing/sheet.py, the PDF from printing/pdf.py; HTTP statuses live here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from editorial.text import current_language
from printing import options as sheet_options
from printing import pdf as sheet_pdfs
from printing.sheet import UnknownOperator, build_sheet
from serving.public_pages import public_page

# What each problem answers; its message is the page's text.
PROBLEM_STATUS = {sheet_options.BadOptions: 400, sheet_options.UnknownProcedure: 404, sheet_options.PdfUnavailable: 503}
# The parameters the sheet reads; anything else in the query is ignored.
PARAMETERS = ("with", "procedure")


def _options(request: HttpRequest) -> sheet_options.SheetOptions:
    query = {name: request.GET.getlist(name) for name in PARAMETERS if name in request.GET}
    return sheet_options.read_options(query=query, code=current_language())


def _noindex(response: HttpResponse) -> HttpResponse:
    # The <meta> can't reach a PDF; the header covers both.
    response["X-Robots-Tag"] = "noindex"
    return response


def _answers_print_problems(view: Callable) -> Callable:
    """A PrintProblem becomes a page in the visitor's language with the sheets that exist;
    an unknown operator, the site's 404 page."""

    @wraps(view)
    def wrapped(request: HttpRequest, operator: str) -> HttpResponse:
        try:
            return view(request, operator)
        except UnknownOperator:
            raise Http404 from None
        except sheet_options.PrintProblem as problem:
            choices = sheet_options.language_choices(code=current_language(), second=None, procedure=None)
            response = render(
                request,
                "printing/problem.html",
                {"problem": problem, "operator_slug": operator, "choices": choices},
                status=PROBLEM_STATUS[type(problem)],
            )
            if problem.retry_after:
                response["Retry-After"] = str(problem.retry_after)
            return _noindex(response)

    return wrapped


@public_page(reads=PARAMETERS)
@_answers_print_problems
def sheet_page(request: HttpRequest, operator: str) -> HttpResponse:
    sheet = build_sheet(operator_slug=operator, options=_options(request), origin=settings.SITE_URL)
    return _noindex(render(request, "printing/sheet.html", {"sheet": sheet}))


# Not cached as a page: printing.pdf caches the PDF by the validated parameters.
@public_page(reads=PARAMETERS, cached=False)
@_answers_print_problems
def sheet_pdf(request: HttpRequest, operator: str) -> HttpResponse:
    options = _options(request)
    pdf = sheet_pdfs.sheet_pdf(operator_slug=operator, options=options, origin=settings.SITE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = sheet_pdfs.pdf_filename(operator_slug=operator, options=options)
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return _noindex(response)
