"""Slugs a procedure can't take: the path segments other pages hold under an operator.

A procedure's page is /<lang>/operators/<operator>/<procedure>/, so its slug shares that
last segment with the operator's own pages: the print sheet and its PDF, the updates list
and feed. The apps that serve those pages declare them where they declare any route, in
the URLconf; `from_urls()` reads them from there when asked (no import of the views, which
sit in layers above this app), and the admin's validation refuses them.

The database refuses them too (the constraint `procedure_slug_not_reserved`), and a
constraint's values are written into its migration, so the database's list is a literal
(`IN_THE_DATABASE`). The system check guides.E001 keeps it honest: it fails when the
URLconf serves a segment under an operator that the literal lacks, so a new route can't
leave procedures free to take its path; the fix is to add the segment and a migration.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

# The procedure_slug_not_reserved constraint's list (guides/models.py, guides/migrations/).
IN_THE_DATABASE = ("print", "print.pdf", "updates", "updates.atom")
PROCEDURE_ROUTE = "guides:procedure"
PROCEDURE_SEGMENT = re.compile(r"<(?:\w+:)?procedure>")


def routes(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """Every route of `patterns` as (its whole route, its namespaced name), language
    prefixes left out: the pages are the same under each language."""
    for pattern in patterns:
        own = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, prefix + own, inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + own, f"{namespace}{pattern.name}" if pattern.name else ""


def from_urls() -> frozenset[str]:
    """The fixed segments the URLconf serves where a procedure's slug would be."""
    return _served_under_an_operator(get_resolver())


# Once per URLconf, not per save: get_resolver() returns the same resolver until the
# URLconf changes (clear_url_caches, tests), and a new resolver is a new key.
@functools.lru_cache(maxsize=4)
def _served_under_an_operator(resolver) -> frozenset[str]:
    every = list(routes(resolver.url_patterns))
    procedure = next((route for route, name in every if name == PROCEDURE_ROUTE), None)
    if procedure is None:
        return frozenset()
    under_operator = procedure[: PROCEDURE_SEGMENT.search(procedure).start()]
    next_segments = (
        route.removeprefix(under_operator).split("/")[0] for route, _ in every if route.startswith(under_operator)
    )
    return frozenset(segment for segment in next_segments if segment and "<" not in segment)


def reserved() -> frozenset[str]:
    """What a procedure's slug may not be: what the URLconf serves, and what the database refuses."""
    return frozenset(IN_THE_DATABASE) | from_urls()


@checks.register(checks.Tags.urls)
def check_database_reserves_the_routes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    missing = sorted(from_urls() - set(IN_THE_DATABASE))
    if not missing:
        return []
    return [
        checks.Error(
            f"The URLconf serves {', '.join(missing)} under an operator, where a procedure's slug would be, "
            "but the database lets a procedure take it.",
            hint="Add it to guides.reserved_slugs.IN_THE_DATABASE and run makemigrations.",
            id="guides.E001",
        )
    ]
