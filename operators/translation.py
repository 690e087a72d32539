from modeltranslation.translator import TranslationOptions, register

from operators.models import Company, Contact, Operator


@register(Company)
class CompanyTranslation(TranslationOptions):
    fields = ("name",)


@register(Operator)
class OperatorTranslation(TranslationOptions):
    fields = ("summary", "ussd_codes", "hours_note", "contacts_note", "search_keywords")


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("note",)
