"""Editors' best bets: the pages pinned to a query's words.

All of them are read once per content version and kept in the process (a best bet's save
or delete is a content change, search/apps.py), so a search asks the database nothing.
"""

from __future__ import annotations

from collections import defaultdict

from search.analysis import query_words
from search.models import BestBet
from serving import results


def pinned(query: str, *, code: str) -> tuple[str, ...]:
    """The index keys of the pages pinned to `query`'s words in language `code`."""
    words = query_words(query, code)
    return _all_pins().get((code, words), ()) if words else ()


def _all_pins() -> dict[tuple[str, str], tuple[str, ...]]:
    return results.memo(name="best-bets", key="all", produce=_read_pins)


def _read_pins() -> dict[tuple[str, str], tuple[str, ...]]:
    pins: dict[tuple[str, str], list[str]] = defaultdict(list)
    for bet in BestBet.objects.select_related("procedure__operator", "entry", "operator"):
        pins[(bet.language, bet.words)].append(bet.page_key)
    return {key: tuple(keys) for key, keys in pins.items()}
