"""Canonical requests: one rule, applied before the page cache is consulted.

1. A path or query string with a control character (NUL and the other C0 characters,
   DEL), raw or percent-encoded, is answered 400 in the visitor's language, with no
   database query. Nothing downstream (the cache, a view, the database) ever sees one.
2. On a public page (a view marked `public_page`), every query parameter the page does not
   declare in `reads=` is dropped: `utm_*`, `fbclid`, `ref`, junk. The declared ones are put
   in the order the page declares them, in one encoding (`urlencode`). The request then
   goes on *as* that canonical request: the page cache looks it up and stores it under
   it, and the view, its templates and the language links see only the canonical query,
   so nothing of a dropped parameter can reach a page or its cached copy.

   The visitor is served the page, not redirected: a link shared with `?fbclid=…` costs no
   extra round trip, and the page's canonical link names the clean URL. A declared
   parameter given more than once is left as it is: the page answers that with a 400 in
   the visitor's language (the decision flow and the print sheet explain which), and a 400
   is never cached. Answers to questions the decision flow never asks are declared
   parameters, and the flow redirects them to its clean URL itself (decide/engine.py).

Which parameters a page reads is found by resolving its path once (then remembered).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode

from csp.middleware import CSPMiddleware
from django.http import HttpResponseBadRequest, QueryDict
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation

from config import languages

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Percent-encoded control characters in a raw query string (%00-%1F, %7F).
ENCODED_CONTROL = re.compile(r"%(?:[01][0-9a-fA-F]|7[fF])")


def declared_parameters(path: str) -> tuple[str, ...] | None:
    """The query parameters the public page at `path` reads; None when `path` is not a
    public page (the admin, forms, unknown paths: their queries are left alone)."""
    return _declared(path)


@lru_cache(maxsize=4096)
def _declared(path: str) -> tuple[str, ...] | None:
    code = path.lstrip("/").split("/", 1)[0]
    # i18n_patterns match the prefix of the active language only.
    with translation.override(code if code in languages.BY_CODE else None):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return getattr(match.func, "reads_parameters", None)


def has_control_characters(request) -> bool:
    raw_query = request.META.get("QUERY_STRING", "")
    return bool(CONTROL.search(request.path_info) or CONTROL.search(raw_query) or ENCODED_CONTROL.search(raw_query))


def canonical_query(query: QueryDict, declared: tuple[str, ...]) -> str:
    return urlencode([(name, value) for name in declared for value in query.getlist(name)])


def bad_request(request) -> HttpResponseBadRequest:
    """The 400 page, in the language of the path's prefix (or the browser's), with no
    database query: it is answered before anything else runs."""
    code = request.path_info.lstrip("/").split("/", 1)[0]
    if code not in languages.BY_CODE:
        code = translation.get_language_from_request(request, check_path=False)
    with translation.override(code):
        body = loader.get_template("400.html").render({"start_url": f"/{code}/"})
    response = HttpResponseBadRequest(body)
    response["Content-Language"] = code
    response["Cache-Control"] = "no-store"
    return with_page_headers(request, response)


def with_page_headers(request, response):
    """The headers the middleware after this one gives every other page (the CSP,
    X-Frame-Options): this answer is made before they run."""
    for middleware in (CSPMiddleware, XFrameOptionsMiddleware):
        response = middleware(lambda request, response=response: response)(request)
    return response


class CanonicalRequestMiddleware:
    """Refuses control characters, then turns a public page's request into its canonical
    form (module docstring). Runs before the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            return bad_request(request)
        declared = declared_parameters(request.path_info)
        if declared is not None:
            query = canonical_query(request.GET, declared)
            if query != request.META.get("QUERY_STRING", ""):
                request.META["QUERY_STRING"] = query
                request.GET = QueryDict(query)
        return self.get_response(request)
