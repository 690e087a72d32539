"""Editors' best bets: the pages pinned to a query's words, in one query."""

from __future__ import annotations

from search.analysis import query_words
from search.models import BestBet


def pinned(query: str, *, code: str) -> tuple[str, ...]:
    """The index keys of the pages pinned to `query`'s words in language `code`."""
    words = query_words(query, code)
    if not words:
        return ()
    bets = BestBet.objects.filter(language=code, words=words).select_related("procedure__operator", "entry", "operator")
    return tuple(bet.page_key for bet in bets)
