"""How search reads text, one language at a time, the way a search engine's analysers do.

An analyser is a chain of small steps over a list of tokens — split into words, fold case
and compatible forms, drop stop words, stem (Lucene's tokenizer + filters). Documents
and queries go through the same chain, so "заблокировать" and "блокирует" meet at one
stem. Each language has a module of its own with its stop words and its stemmer:
`en` and `ru` use Snowball (PyStemmer), `kk` our own suffix rules (Snowball has no
Kazakh), `zh` splits Chinese into characters and character pairs (Lucene's CJK bigrams).

`analyse(text, code)` is the entry point; `manage.py analyse "text" --language kk` prints
the tokens of any text, as Elasticsearch's `_analyze` does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from types import ModuleType
from typing import NamedTuple


class Token(NamedTuple):
    """One searchable unit: a stem, a Chinese character or pair, a folded word. (A tuple:
    indexing makes hundreds of thousands of them.)"""

    text: str
    start: int  # where the word it comes from stands in the analysed text
    end: int
    weight: float = 1.0  # a lone Chinese character says less than a pair


Step = Callable[[list[Token]], list[Token]]

# Chinese, Japanese kanji and compatibility ideographs: written without spaces.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A word is letters and digits that are not Chinese: "Kcell是" is two runs.
_RUNS = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<word>[^\W_{CJK}]+(?:['’][^\W_{CJK}]+)*)")
_HAS_CJK = re.compile(f"[{CJK}]")


def fold(text: str) -> str:
    """Case and compatibility forms folded (full-width Ｋｃｅｌｌ is Kcell); ё is е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def is_cjk(text: str) -> bool:
    return bool(_HAS_CJK.search(text))


def split_words(text: str) -> list[Token]:
    """Words and runs of Chinese characters, with their places in `text`.

    A hyphenated word ("SIM-карта") gives its parts and, for readers who write it as
    one word ("симкарта"), the parts joined.
    """
    tokens: list[Token] = []
    previous: Token | None = None
    for match in _RUNS.finditer(text):
        token = Token(match.group(), match.start(), match.end())
        tokens.append(token)
        joined_by_hyphen = (
            previous is not None
            and match.group("word")
            and text[previous.end : token.start] == "-"
            and not is_cjk(previous.text)
        )
        if joined_by_hyphen:
            tokens.append(Token(previous.text + token.text, previous.start, token.end, 0.5))
        previous = token
    return tokens


def folded(tokens: list[Token]) -> list[Token]:
    return [Token(fold(token.text), token.start, token.end, token.weight) for token in tokens]


def without(stop_words: Iterable[str]) -> Step:
    words = frozenset(fold(word) for word in stop_words)

    def drop(tokens: list[Token]) -> list[Token]:
        return [token for token in tokens if token.text not in words]

    return drop


def each_word(change: Callable[[str], str]) -> Step:
    """Apply `change` to every word that is not Chinese."""

    def apply(tokens: list[Token]) -> list[Token]:
        changed = []
        for token in tokens:
            text = token.text if is_cjk(token.text) else change(token.text)
            if text:
                changed.append(Token(text, token.start, token.end, token.weight))
        return changed

    return apply


def chain(*steps: Step) -> Callable[[str], list[Token]]:
    def analyse(text: str) -> list[Token]:
        tokens = split_words(text or "")
        for step in steps:
            tokens = step(tokens)
        return tokens

    return analyse


@cache
def _languages() -> dict[str, ModuleType]:
    """Each language's module (its chain, stop words and everyday words), by code; looked
    up once, as the modules import this one."""
    from search.analysis import en, kk, ru, zh

    return {"en": en, "ru": ru, "kk": kk, "zh-hans": zh}


def analyser(code: str) -> Callable[[str], list[Token]]:
    return _languages()[code].analyse


def searchable(text: str, code: str) -> str:
    """`text` folded as language `code` folds words before stemming, for finding a
    token in it as a substring (a stem is the start of its word)."""
    folded_text = fold(text)
    return _languages()["kk"].plain_letters(folded_text) if code == "kk" else folded_text


def synonyms(code: str) -> dict[str, str]:
    """Everyday words readers type → the guide's words, for language `code` (query side)."""
    return _languages()[code].SYNONYMS


_CYRILLIC_TO_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziiklmnoprstufhcye", strict=True)),
        **{"ж": "zh", "ч": "ch", "ш": "sh", "щ": "sch", "ю": "yu", "я": "ya", "ь": "", "ъ": ""},
        **dict(zip("әғқңөұүһі", "agknouuhi", strict=True)),
    }
)


def latin(word: str) -> str:
    """A Cyrillic word in Latin letters: "егов" → "egov", "каспи" → "kaspi", "имей" → "imei"
    (the names of services and codes that pages write in Latin)."""
    return word.translate(_CYRILLIC_TO_LATIN)


def analyse(text: str, code: str) -> list[Token]:
    """The tokens of `text` as language `code` reads it."""
    return analyser(code)(text)


def query_words(text: str, code: str) -> str:
    """A query's words as best bets compare them: folded, without the language's question
    and stop words, sorted and unique — "How do I cancel Kcell?" is "cancel kcell"."""
    module = _languages()[code]
    stop_words = {fold(word) for word in module.STOP_WORDS}
    words = set()
    for token in folded(split_words(text or "")):
        if token.weight < 1:  # a hyphenated word's joined form: its parts are there
            continue
        if is_cjk(token.text):
            words.update(piece.text for piece in _languages()["zh-hans"].pieces(token))
        elif token.text not in stop_words:
            words.add(token.text)
    return " ".join(sorted(words))


def word_list(text: str) -> tuple[str, ...]:
    """A table of words written as running text, one space apart."""
    return tuple(text.split())
