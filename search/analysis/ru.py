"""Russian: Snowball's Russian stemmer; stop words from Snowball's list plus the words of a
question ("как", "что делать", "если", "мне").

Left out of Snowball's list on purpose: "нет", "без", "после", "другой" — they carry
meaning here ("баланс после расторжения", "перейти к другому оператору").
"""

import Stemmer

from search.analysis import chain, each_word, en, folded, without, word_list

STOP_WORDS = word_list(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо
    ней для мы тебя их чем была сам чтоб будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом почти мой тем чтобы нее сейчас были куда зачем
    всех никогда можно при наконец об хоть над больше тот через эти нас про всего них какая
    много разве эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им
    более всегда конечно всю между почему каком какие каким какую нужно нужен нужна хочу хотим
    делать сделать мое мои моего моей моим моими моем свой своего своей своим пожалуйста
    подскажите скажите есть ли это
    """
)

_stemmer = Stemmer.Stemmer("russian")

# English question words come along in mixed queries ("how отключить kcell").
analyse = chain(folded, without(STOP_WORDS + en.STOP_WORDS), each_word(_stemmer.stemWord))
