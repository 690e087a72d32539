"""The search index: for each language, an inverted list from token to the pages that
hold it, scored with BM25F (Robertson and Zaragoza's BM25 over weighted fields).

BM25F, in one paragraph: a token's frequency in a page is summed over the page's parts,
each part weighted (a title counts more than a step) and normalised by its length against
the average length of that part (`b`); the sum saturates (`k1`: the tenth mention adds
little), and rare tokens count more (`idf`). Everything about a page and a token is known
when the index is built, so each posting holds its finished contribution and a query only
adds numbers up: the cost of a query is the number of postings of its tokens.

Written here rather than taken from a package: the BM25 libraries on the package index
(rank-bm25, bm25s) score one flat text per document — no per-field weights or lengths —
and bm25s brings NumPy and SciPy for sparse matrices a few hundred pages don't need.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from config import languages
from search.analysis import analyser, is_cjk
from search.documents import BODY, KEYWORDS, OPERATOR, SUMMARY, TITLE, Page

# How much a match in each part counts, and how much the part's length matters.
FIELD_WEIGHTS = {TITLE: 8.0, KEYWORDS: 5.0, OPERATOR: 3.0, SUMMARY: 3.0, BODY: 1.0}
LENGTH_NORMALISATION = {TITLE: 0.5, KEYWORDS: 0.3, OPERATOR: 0.0, SUMMARY: 0.75, BODY: 0.3}
K1 = 5.0
# How much a page matching one word of a long query keeps of its score (see Index.score).
COORD_FLOOR = 0.7

# Typos: a word of five letters or more may be one edit off a word of the guide, of
# eight or more two edits; shorter words must be spelled right ("qwzxv" finds nothing).
TYPO_WEIGHT = 0.7


def typo_allowance(word: str) -> int:
    if is_cjk(word) or len(word) < 5:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass
class LanguageIndex:
    # token → (page numbers, each page's score for the token): two compact arrays, since
    # each worker holds its own index.
    postings: dict[str, tuple[array, array]]
    by_length: dict[int, list[str]]  # the vocabulary by word length, for typos
    vocabulary: list[str]  # sorted, for prefixes

    def starting_with(self, prefix: str, *, limit: int = 20) -> list[str]:
        """Words of the guide that begin with `prefix` (the termbase gives stems)."""
        start = bisect.bisect_left(self.vocabulary, prefix)
        found = []
        for word in self.vocabulary[start : start + limit]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def nearest(self, token: str) -> list[str]:
        """Words of the guide within the typo allowance of `token`."""
        allowance = typo_allowance(token)
        if not allowance:
            return []
        candidates = [
            word
            for length in range(len(token) - allowance, len(token) + allowance + 1)
            for word in self.by_length.get(length, ())
        ]
        found = process.extract(token, candidates, scorer=Levenshtein.distance, score_cutoff=allowance, limit=3)
        return [word for word, _distance, _index in found]


class Index:
    def __init__(self, pages: Iterable[Page]):
        self.pages: list[Page] = list(pages)
        self.languages = {code: self._build(code) for code in languages.CODES}
        self.by_key = {page.key: number for number, page in enumerate(self.pages)}
        # Procedure kind → its pages, in the operators' order: one answer across operators.
        self.procedures_of_kind: dict[str, list[int]] = defaultdict(list)
        for number in sorted(range(len(self.pages)), key=lambda number: self.pages[number].operator_order):
            if self.pages[number].kind == "procedure":
                self.procedures_of_kind[self.pages[number].procedure_kind].append(number)
        self.kinds_at_several_operators = {
            kind
            for kind, numbers in self.procedures_of_kind.items()
            if len({self.pages[number].operator for number in numbers}) > 1
        }
        # operator → language → each of its names as that language's tokens
        self.operator_names = {
            page.operator: {
                code: [tuple(token.text for token in analyser(code)(name)) for name in page.operator_names]
                for code in languages.CODES
            }
            for page in self.pages
            if page.kind == "operator"
        }

    def _build(self, code: str) -> LanguageIndex:
        analyse = analyser(code)
        counts: list[dict[str, Counter]] = []
        lengths: dict[str, list[int]] = defaultdict(list)
        for page in self.pages:
            parts = {}
            for part, text in page.texts[code].items():
                tokens = [token.text for token in analyse(text)]
                parts[part] = Counter(tokens)
                lengths[part].append(len(tokens))
            counts.append(parts)
        average = {part: (sum(values) / len(values)) or 1.0 for part, values in lengths.items()}

        weighted: dict[str, dict[int, float]] = defaultdict(dict)
        for number, parts in enumerate(counts):
            for part, counter in parts.items():
                size = sum(counter.values())
                b = LENGTH_NORMALISATION[part]
                norm = 1 - b + b * size / average[part]
                for token, frequency in counter.items():
                    weighted[token][number] = weighted[token].get(number, 0.0) + (
                        FIELD_WEIGHTS[part] * frequency / norm
                    )
        total = len(self.pages)
        postings = {}
        for token, pages in weighted.items():
            idf = math.log(1 + (total - len(pages) + 0.5) / (len(pages) + 0.5))
            postings[token] = (
                array("I", pages.keys()),
                array("f", (idf * tf / (K1 + tf) for tf in pages.values())),
            )
        by_length: dict[int, list[str]] = defaultdict(list)
        for token in postings:
            by_length[len(token)].append(token)
        return LanguageIndex(postings, dict(by_length), sorted(postings))

    def score(self, tokens: dict[str, float], code: str) -> dict[int, float]:
        """Page number → score for analysed query tokens (token → weight) in one language.

        A page that matches more of the query's words is worth more than one that matches
        a single rare word many times (Lucene's classic "coord" factor): the BM25F sum is
        scaled by the share of the query's weight the page matches.
        """
        postings = self.languages[code].postings
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, float] = defaultdict(float)
        for token, weight in tokens.items():
            if token not in postings:
                continue
            numbers, values = postings[token]
            for number, value in zip(numbers, values, strict=True):
                scores[number] += weight * value
                matched[number] += weight
        total = sum(tokens.values()) or 1.0
        return {
            number: score * (COORD_FLOOR + (1 - COORD_FLOOR) * matched[number] / total)
            for number, score in scores.items()
        }
