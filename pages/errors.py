"""Error pages in the visitor's language, and the answer when the database is down.

The 404 page is a normal page (layout, language links, search). The 500 and 503 pages
need no database and no context processors: whatever broke, they still render.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from config import languages

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable(request) -> HttpResponse:
    """A friendly 503 in the visitor's language, rendered without touching the database."""
    code = request.path.strip("/").split("/", 1)[0]
    if code not in languages.BY_CODE:
        code = translation.get_language_from_request(request, check_path=False)
    with translation.override(code):
        body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """When the database can't be reached, visitors get a 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("Database unavailable: %s", exception)
            return service_unavailable(request)
        return None
