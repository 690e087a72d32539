"""The printable sheet and its PDF: request in, guides/printing.py, response out."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from editorial.cache import public_page
from editorial.text import current_language
from printing import sheet as printing


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _noindex(response: HttpResponse) -> HttpResponse:
    # The <meta> can't reach a PDF; the header covers both.
    response["X-Robots-Tag"] = "noindex"
    return response


def _answers_print_problems(view: Callable) -> Callable:
    """A PrintProblem becomes a page in the visitor's language with the sheets that exist."""

    @wraps(view)
    def wrapped(request: HttpRequest, operator: str) -> HttpResponse:
        try:
            return view(request, operator)
        except printing.PrintProblem as problem:
            choices = printing.language_choices(code=current_language(), second=None, procedure=None)
            response = render(
                request,
                "print/problem.html",
                {"problem": problem, "operator_slug": operator, "choices": choices},
                status=problem.status,
            )
            if problem.retry_after:
                response["Retry-After"] = str(problem.retry_after)
            return _noindex(response)

    return wrapped


@require_GET
@public_page
@_answers_print_problems
def sheet(request: HttpRequest, operator: str) -> HttpResponse:
    options = printing.read_options(query=request.GET, code=current_language())
    sheet = printing.build_sheet(operator_slug=operator, options=options, origin=_origin(request))
    return _noindex(render(request, "print/sheet.html", {"sheet": sheet}))


@require_GET
@_answers_print_problems
def sheet_pdf(request: HttpRequest, operator: str) -> HttpResponse:
    # Not a @public_page: printing.sheet_pdf caches by the validated parameters, so a
    # cookie or a junk parameter can't make every request a fresh render.
    options = printing.read_options(query=request.GET, code=current_language())
    pdf = printing.sheet_pdf(operator_slug=operator, options=options, origin=_origin(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = printing.pdf_filename(operator_slug=operator, options=options)
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    return _noindex(response)
