"""Excerpts: the sentence of a page that holds most of the query's words, those words
marked. A page's sentences are split and folded once, when the index is built; a search
then tests each for the query's tokens as substrings (a stem is the start of its word, a
Chinese pair is two characters) and analyses only the sentence it quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from editorial.text import LocalizedText
from search.analysis import analyse, searchable

LENGTH = 220  # characters of a sentence shown
MAX_SENTENCES = 40  # of a page's text, kept for excerpts
# A word reached through a typo or a lone Chinese character is not marked.
MARKED_WEIGHT = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s+|(?<=[。！？；])")


@dataclass(frozen=True, slots=True)
class Quotable:
    """A page's text in one language, ready for excerpts."""

    lang: str  # the language it is really in (a fallback's)
    sentences: tuple[str, ...]
    folded: tuple[str, ...]  # the same, folded as that language's analysis folds


@dataclass(frozen=True)
class Excerpt:
    pieces: tuple[tuple[str, bool], ...]  # text, and whether it is a matched word
    lang: str
    wanted: str

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.wanted

    @property
    def html(self) -> SafeString:
        """The excerpt escaped, its matched words in <mark>."""
        return format_html_join(
            "", "{}", ((format_html("<mark>{}</mark>", text) if matched else text,) for text, matched in self.pieces)
        )


def quotable(text: LocalizedText) -> Quotable:
    sentences = tuple(sentence for sentence in (part.strip() for part in _SENTENCE_END.split(text.text)) if sentence)[
        :MAX_SENTENCES
    ]
    return Quotable(text.lang, sentences, tuple(searchable(sentence, text.lang) for sentence in sentences))


def excerpt(
    source: Quotable, code: str, marked: dict[str, dict[str, float]], *, names: frozenset[str] = frozenset()
) -> Excerpt | None:
    """The excerpt of `source` for a reader of language `code`, given the query's tokens
    per language (token → weight). `names` (the tokens of an operator the query names)
    are marked but don't choose the sentence: every page of the operator says them."""
    if not source.sentences:
        return None
    wanted = {token: weight for token, weight in marked.get(source.lang, {}).items() if weight >= MARKED_WEIGHT}
    best, best_hits = 0, 0.0
    for number, folded in enumerate(source.folded):
        hits = sum(weight for token, weight in wanted.items() if token not in names and token in folded)
        if hits > best_hits:
            best, best_hits = number, hits
    sentence = source.sentences[best].rstrip(";:；：")
    spans = [(token.start, token.end) for token in analyse(sentence, source.lang) if token.text in wanted]
    return Excerpt(_marked_pieces(sentence, spans), source.lang, code)


def _marked_pieces(sentence: str, spans: list[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    start_at = 0
    if len(sentence) > LENGTH and spans:
        first = min(start for start, _end in spans)
        start_at = max(0, min(first - 40, len(sentence) - LENGTH))
    end_at = start_at + LENGTH
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        # Overlapping Chinese pairs, and the parts of a hyphenated word, are one mark.
        if merged and (start <= merged[-1][1] or sentence[merged[-1][1] : start] == "-"):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    position = start_at
    for start, end in merged:
        if start < start_at or end > end_at:
            continue
        if start > position:
            pieces.append((sentence[position:start], False))
        pieces.append((sentence[start:end], True))
        position = end
    if sentence[position:end_at]:
        pieces.append((sentence[position:end_at], False))
    if start_at > 0:
        pieces.insert(0, ("…", False))
    if end_at < len(sentence):
        pieces.append(("…", False))
    return tuple(pieces)
