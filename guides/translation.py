from modeltranslation.translator import TranslationOptions, register

from guides.models import Document, Procedure, RequiredDocument, Source, Step


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Procedure)
class ProcedureTranslation(TranslationOptions):
    fields = ("title", "summary", "eligibility", "duration_note", "cost_note", "search_keywords")


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("title", "body")


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("note",)


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "publisher")
