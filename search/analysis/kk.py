"""Kazakh: our own suffix stripper (Snowball has no Kazakh), then the letters Kazakh adds
to Cyrillic folded to their nearest Russian ones, because many readers type "номирди" on a
keyboard without ә, ғ, қ, ң, ө, ұ, ү, һ, і.

Kazakh is agglutinative: a word is a root and a chain of endings — plural, possessive,
case — each in variants by vowel harmony (back а/ы, front е/і) and by the sound before it
(л/д/т, ғ/қ/г/к, н/д/т). "нөміріңізді" is нөмір + іңіз (your) + ді (accusative). The
stripper takes off the longest ending it knows, again and again, while the stem keeps at
least three letters and a vowel. It need not find the dictionary root; documents and
queries are cut the same way, so the forms of one word meet (tests/search/test_kk.py holds
the table of real word forms from our texts).
"""

from functools import lru_cache

from search.analysis import chain, each_word, en, folded, without, word_list

STOP_WORDS = word_list(
    """
    қалай не неге неліктен қайда қашан қандай қайсы кім мен менің маған мені сен сіз сізге
    сіздің біз біздің ол оның оған бұл осы сол мына және да де та те ма ме ба бе па пе ғой ше
    ғана әлі енді егер немесе бірақ ал үшін туралы керек болады болса бола бар ба екен еді істеу
    істеймін істесем жасау жасаймын мүмкін ме өтінемін
    """
)

# The whole guide is about Kazakhstan: the word tells pages apart no better than "және".
DOMAIN_WORDS = word_list("қазақстан қазақстанда қазақстаннан қазақстанға қазақстандық қр")

# Everyday words for what the guide calls otherwise, added to a query (never to pages).
SYNONYMS = {
    "симка": "sim-карта",
    "симканы": "sim-карта",
    "симкам": "sim-карта",
    "сим": "sim",
    "жабу": "шартты бұзу",
    "жаптыру": "шартты бұзу",
    "аудару": "қайта тіркеу",
    "аударамын": "қайта тіркеу",
    "аударып": "қайта тіркеу",
    "өшіру": "бұғаттау",
    "тоқтату": "бұғаттау",
    "ұрлады": "ұрланған",
    "ұрлап": "ұрланған",
    "қайтыс": "қайтыс болған",
    "толтыру": "теңгерімді толтыру",
    "егов": "egov",
}

_KAZAKH_LETTERS = str.maketrans("әғқңөұүһі", "агкноуухи")


def plain_letters(word: str) -> str:
    """нөмір → номир: what a reader without a Kazakh keyboard types."""
    return word.translate(_KAZAKH_LETTERS)


# Endings are matched on plain letters, as words are: "жабылган" is "жабылған" typed on a
# Russian keyboard.
ENDINGS = sorted(
    {
        plain_letters(ending)
        for ending in word_list(
            """
        лар лер дар дер тар тер ым ім ың ің ыңыз іңіз ңыз ңіз ымыз іміз мыз міз сы сі ы і ның
        нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н ын ін да де та те нда нде
        дан ден тан тен нан нен мен бен пен менен бенен пенен ша ше дағы дегі тағы тегі ндағы
        ндегі ғы гі қы кі у уға уге уды уді удың удің уда уде ған ген қан кен ғанда генде ып іп
        ады еді йды йді йық йік амын емін ймын ймін асыз есіз йсыз йсіз дым дім тым тім дық дік
        тық тік дыңыз діңіз тыңыз тіңіз са се сам сем саңыз сеңіз майды мейді пайды пейді байды
        бейді ма ме па пе ба бе малы мелі уі атын етін йтын йтін ушы уші шы ші лық лік сыз сіз
        лы лі ыл іл тыр тір дыр дір
        """
        )
    },
    key=len,
    reverse=True,
)
VOWELS = set("аәеиоөуұүыіэюя")
VOICELESS = set("кқпстфхцчшщ")
MIN_STEM = 3
# A one-letter ending ("а", "ы") is taken off a longer word only: "бала" stays; the
# infinitive's "у" comes off any verb ("жабу" → жаб, as in "жабылады").
MIN_STEM_FOR_ONE_LETTER = 4
INFINITIVE = "у"
MAX_ROUNDS = 5


_ENDINGS_BY_LENGTH = [
    (length, frozenset(e for e in ENDINGS if len(e) == length))
    for length in sorted({len(e) for e in ENDINGS}, reverse=True)
]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for _round in range(MAX_ROUNDS):
        for length, endings in _ENDINGS_BY_LENGTH:
            ending = word[-length:]
            if len(word) <= length or ending not in endings:
                continue
            rest = word[:-length]
            if ending[0] == "т" and rest[-1:] not in VOICELESS:
                continue  # т-endings follow voiceless sounds only: шар-тын is шарт-ын
            shortest = MIN_STEM_FOR_ONE_LETTER if len(ending) == 1 and ending != INFINITIVE else MIN_STEM
            if len(rest) >= shortest and VOWELS.intersection(rest):
                word = rest
                break
        else:
            # The passive's "л" after a vowel: бұғатта-л-ады, тірке-л-ген.
            if word.endswith("л") and len(word) > MIN_STEM + 1 and word[-2] in VOWELS:
                word = word[:-1]
                continue
            # The causative's "т" after "л": жоғал-т-ып (lost it) meets жоғал-ды (got lost).
            if word.endswith("лт") and len(word) > MIN_STEM + 2:
                word = word[:-1]
                continue
            return _voiceless_end(word)
    return _voiceless_end(word)


def _voiceless_end(stem: str) -> str:
    # A root's last б or г is voiced before a vowel only: жап-ты, жаб-у, жаб-ылады meet as жап.
    return stem[:-1] + {"б": "п", "г": "к"}[stem[-1]] if stem[-1:] in ("б", "г") else stem


analyse = chain(
    folded,
    each_word(plain_letters),
    without(tuple(plain_letters(word) for word in STOP_WORDS + DOMAIN_WORDS) + en.STOP_WORDS),
    each_word(stem),
)
