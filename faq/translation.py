from modeltranslation.translator import TranslationOptions, register

from faq.models import Category, Entry


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Entry)
class EntryTranslation(TranslationOptions):
    fields = ("question", "answer", "search_keywords")
