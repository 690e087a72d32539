from modeltranslation.translator import TranslationOptions, register

from decide.models import DecisionText


@register(DecisionText)
class DecisionTextTranslation(TranslationOptions):
    fields = ("text", "hint", "reason", "body", "after")
