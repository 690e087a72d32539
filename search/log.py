"""What readers searched for, kept for editors without keeping anything about readers.

Per day, language and query: how many searches, how many found nothing. Before a query is
stored, digits standing four or more together (or with spaces, dashes, dots or brackets
between them: "+7 701 123 45 67", an IIN) become "#" and e-mail addresses "…@…". Counts
older than 90 days are deleted when a new count is written (no scheduler needed); a
language keeps at most 5,000 distinct queries a day, the rest counted as "other". A
client that floods search is counted once its limit is reached no more (the site's rate
limits, on the "limits" cache).
"""

from __future__ import annotations

import datetime
import logging
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from search.analysis import fold
from search.models import SearchCount

logger = logging.getLogger(__name__)

KEEP_DAYS = 90
MAX_QUERIES_PER_DAY = 5000
# One client's searches counted per hour; past that they are still answered, not counted.
COUNTED_PER_CLIENT = "60/h"
MAX_LENGTH = 200

_DIGITS = re.compile(r"\d(?:[\s\-.()]*\d){3,}")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")


def masked(query: str) -> str:
    """The query as it may be stored: folded, one space between words, no numbers or
    e-mail addresses that could name a person."""
    text = " ".join(fold(query).split())
    text = _EMAIL.sub("…@…", text)
    text = _DIGITS.sub(lambda match: re.sub(r"\d", "#", match.group()), text)
    return text[:MAX_LENGTH]


def record(query: str, *, code: str, found: bool, request=None, today: datetime.date | None = None) -> None:
    """Count one search. Never fails the search: a counter that can't be written is logged."""
    stored = masked(query)
    if not stored:
        return
    try:
        if request is not None and is_ratelimited(
            request, group="search-log", key="ip", rate=COUNTED_PER_CLIENT, method=is_ratelimited.ALL, increment=True
        ):
            return
        _count(stored, code=code, found=found, today=today or timezone.localdate())
    except Exception as error:
        # Counting is for editors; a database or a limiter's store that fails (a stopped
        # Redis raises its own errors) must never fail the reader's search.
        logger.warning("search not counted: %r", error)


def _count(query: str, *, code: str, found: bool, today: datetime.date) -> None:
    for _attempt in range(2):
        if _increment(query, code=code, found=found, today=today):
            return
        with transaction.atomic():
            SearchCount.objects.filter(day__lte=today - datetime.timedelta(days=KEEP_DAYS)).delete()
            if SearchCount.objects.filter(day=today, language=code).count() >= MAX_QUERIES_PER_DAY:
                query = SearchCount.OTHER
                if _increment(query, code=code, found=found, today=today):
                    return
            try:
                with transaction.atomic():
                    SearchCount.objects.create(
                        day=today, language=code, query=query, searches=1, found_nothing=0 if found else 1
                    )
                return
            except IntegrityError:
                continue  # another request created it first: count into it


def _increment(query: str, *, code: str, found: bool, today: datetime.date) -> bool:
    return bool(
        SearchCount.objects.filter(day=today, language=code, query=query).update(
            searches=F("searches") + 1, found_nothing=F("found_nothing") + (0 if found else 1)
        )
    )
