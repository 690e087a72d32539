"""What editors learn from the counts of searches (search.log): per language, the queries
that found nothing and the most frequent ones over the last days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from search.models import SearchCount

REPORT_DAYS = 30


@dataclass(frozen=True)
class QueryCount:
    query: str  # "" for the queries beyond a day's limit, counted together
    count: int


def found_nothing(*, code: str, limit: int, today: datetime.date | None = None) -> tuple[list[QueryCount], int]:
    """The queries in `code` that found nothing, most often first, and how many there are."""
    rows = _last_days(code, today).filter(found_nothing__gt=0).values("query").annotate(count=Sum("found_nothing"))
    return _top(rows, limit)


def most_frequent(*, code: str, limit: int, today: datetime.date | None = None) -> tuple[list[QueryCount], int]:
    """The queries in `code` searched most often, and how many distinct queries there are."""
    rows = _last_days(code, today).values("query").annotate(count=Sum("searches"))
    return _top(rows, limit)


def _last_days(code: str, today: datetime.date | None):
    since = (today or timezone.localdate()) - datetime.timedelta(days=REPORT_DAYS - 1)
    return SearchCount.objects.filter(language=code, day__gte=since).order_by()


def _top(rows, limit: int) -> tuple[list[QueryCount], int]:
    top = [QueryCount(row["query"], row["count"]) for row in rows.order_by("-count", "query")[:limit]]
    return top, rows.count()
