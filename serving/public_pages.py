"""Which views are public pages, and which query parameters each reads.

serving/canonical.py drops every other parameter before serving/page_cache.py looks the
page up, so `?utm_source=…` shares the cached page; the page cache stores only
responses of views marked here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps

from django.views.decorators.http import require_safe


def public_page(view: Callable | None = None, *, reads: Sequence[str] = (), cached: bool = True) -> Callable:
    """Mark a view as a public page: it answers GET and HEAD, reads only the query
    parameters named in `reads` (serving.canonical drops every other before the cache is
    consulted), and its responses are cacheable public pages unless `cached` is False
    (the middleware decides the rest)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.public_page = cached
            return response

        wrapped.reads_parameters = tuple(reads)
        return require_safe(wrapped)

    return decorate(view) if view is not None else decorate
