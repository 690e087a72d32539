"""Chinese: no spaces between words, so every pair of neighbouring characters is a token
(Lucene's CJK bigram analyser), and each character a weak one of its own; question words
(怎么, 如何, 吗, 了 …) are cut out of a run first, so "手机丢了怎么办" reads as 手机丢.

Words in other scripts inside Chinese text (Kcell, SIM) are folded but not stemmed.
"""

import re

from search.analysis import CJK, Token, chain, en, folded, without, word_list

# Longest first: 怎么办 goes before 怎么.
STOP_WORDS = sorted(
    word_list(
        """
        怎么办 怎么样 怎么 怎样 如何 什么 为什么 为啥 咋办 咋 哪里 哪儿 在哪
        能不能 可不可以 可以 能否 请问 一下 应该 需要 吗 呢 吧 啊 呀 了 的
        地 得 我们 我 你们 你 您 是 和 与 及 或者 或 要 想 该 会 能 还
        也 都 就 把 被 给 让 这个 那个 这 那 个 有 里 去 用 做 办
        """
    ),
    key=len,
    reverse=True,
)
# The whole guide is about Kazakhstan; and what readers say for the guide's words.
DOMAIN_WORDS = ("哈萨克斯坦", "哈萨克", "哈国", "哈萨")
SYNONYMS = {
    "销号": "注销",
    "消号": "注销",
    "停号": "停机",
    "保号": "停机保号",
    "换卡": "补卡",
    "转网": "携号转网",
    "扣钱": "扣费 账单",
    "串号": "IMEI",
    "打不通": "停用 收回",
    "去世": "死亡",
    "过世": "死亡",
    "充值": "缴费 充值",
}

_STOP = re.compile("|".join(re.escape(word) for word in sorted((*STOP_WORDS, *DOMAIN_WORDS), key=len, reverse=True)))
_CJK_RUN = re.compile(f"[{CJK}]+")
PAIR_WEIGHT = 1.0
CHARACTER_WEIGHT = 0.25  # a character alone matches too much to count for much
LONE_CHARACTER_WEIGHT = 0.6  # a one-character word between stop words ("卡")


def characters_and_pairs(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        if not _CJK_RUN.fullmatch(token.text):
            result.append(token)
            continue
        for piece in pieces(token):
            text, start = piece.text, piece.start
            if len(text) == 1:
                result.append(Token(text, start, start + 1, LONE_CHARACTER_WEIGHT))
                continue
            for i, character in enumerate(text):
                result.append(Token(character, start + i, start + i + 1, CHARACTER_WEIGHT))
                if i + 1 < len(text):
                    result.append(Token(text[i : i + 2], start + i, start + i + 2, PAIR_WEIGHT))
    return result


def pieces(token: Token) -> list[Token]:
    """The run split where a stop word stands."""
    pieces, position = [], 0
    for match in [*_STOP.finditer(token.text), None]:
        end = match.start() if match else len(token.text)
        if end > position:
            pieces.append(Token(token.text[position:end], token.start + position, token.start + end))
        if match:
            position = match.end()
    return pieces


# Latin words inside Chinese ("how to 销号") lose the same question words as English.
analyse = chain(folded, without(en.STOP_WORDS), characters_and_pairs)
