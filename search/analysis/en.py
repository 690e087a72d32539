"""English: Snowball's English stemmer, and the words a question carries around its topic."""

import Stemmer

from search.analysis import chain, each_word, folded, without, word_list

STOP_WORDS = word_list(
    """
    a an and are as at be been but by for from if in into is it its no not of on or so such that
    the their then there these they this those to was were will with am i me my mine myself we
    us our you your he she him her his do does did done doing how what when where which who whom
    why whose can could should would shall may might must have has had having get got getting
    want wanted need please help just about any some still also very much many there here now up
    out over after before than too
    """
)

# The whole guide is about Kazakhstan: the word tells pages apart no better than "the".
DOMAIN_WORDS = word_list("kazakhstan kazakh kazakhstani kz")

# Everyday words for what the guide calls otherwise, added to a query (never to pages):
# word as typed → the guide's words. GOV.UK's search keeps such a list for the same reason.
SYNONYMS = {
    "rid": "cancel",
    "close": "cancel",
    "terminate": "cancel",
    "termination": "cancel",
    "deactivate": "cancel",
    "disconnect": "cancel suspend",
    "pause": "suspend",
    "freeze": "suspend",
    "hold": "suspend",
    "recharge": "top up",
    "refill": "top up",
    "credit": "balance",
    "mobile": "phone number",
    "cell": "phone",
    "line": "number",
    "nicked": "stolen",
    "robbed": "stolen",
    "passed": "died",
    "deceased": "died",
    "death": "died",
    "dead": "died",
    "transfer": "port move",
    "switch": "port move",
    "carrier": "operator",
    "network": "operator",
    "provider": "operator",
    "prepaid": "balance",
}

_stemmer = Stemmer.Stemmer("english")

analyse = chain(folded, without(STOP_WORDS + DOMAIN_WORDS), each_word(_stemmer.stemWord))
