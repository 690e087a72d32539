"""factory_boy factories: model instances with text in all four languages."""

from __future__ import annotations

import factory

from config import languages
from editorial.models import Status
from faq.models import Category, Entry
from guides.models import Document, Procedure, RequiredDocument, Source, Step
from operators.models import Company, Operator


def texts(field: str, template: str):
    """Declarations for `field` in every language, e.g. title_ru = 'ru: Step 3'."""
    return {
        languages.field_name(field, code): factory.LazyAttributeSequence(
            lambda obj, n, code=code: f"{template} {n} [{code}]"
        )
        for code in languages.CODES
    }


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://www.gov.kz/source-{n}")
    language = "en"
    locals().update(texts("title", "Source"))
    locals().update({languages.field_name("publisher", code): "eGov" for code in languages.CODES})


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    slug = factory.Sequence(lambda n: f"company-{n}")
    locals().update(texts("name", "Company"))


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    slug = factory.Sequence(lambda n: f"operator-{n}")
    name = factory.Sequence(lambda n: f"Operator {n}")
    company = factory.SubFactory(CompanyFactory)
    website = "https://operator.example.kz/"
    locals().update(texts("summary", "Operator summary"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    locals().update(texts("name", "Document"))
    locals().update(texts("description", "Document description"))


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    operator = factory.SubFactory(OperatorFactory)
    slug = factory.Sequence(lambda n: f"procedure-{n}")
    kind = Procedure.Kind.CANCEL
    channel = Procedure.Channel.IN_PERSON
    status = Status.PUBLISHED
    locals().update(texts("title", "Procedure"))
    locals().update(texts("summary", "Procedure summary"))

    @factory.post_generation
    def with_steps(self, create, count, **kwargs):
        for order in range(1, (count or 0) + 1):
            StepFactory(procedure=self, order=order)

    @factory.post_generation
    def with_documents(self, create, count, **kwargs):
        for order in range(1, (count or 0) + 1):
            RequiredDocumentFactory(procedure=self, order=order)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    procedure = factory.SubFactory(ProcedureFactory)
    order = factory.Sequence(lambda n: n)
    locals().update(texts("title", "Step"))
    locals().update(texts("body", "Step body"))


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    procedure = factory.SubFactory(ProcedureFactory)
    document = factory.SubFactory(DocumentFactory)
    audience = RequiredDocument.Audience.ANY


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    locals().update(texts("name", "Category"))


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    category = factory.SubFactory(CategoryFactory)
    slug = factory.Sequence(lambda n: f"entry-{n}")
    status = Status.PUBLISHED
    locals().update(texts("question", "Question"))
    locals().update(texts("answer", "Answer"))


def _decision_text():
    from decide.models import DecisionText

    # A question's text is needed in every language (DecisionText.clean).
    return DecisionText.objects.create(
        key="question:situation",
        kind="question",
        text_en="What happened?",
        text_ru="Что случилось?",
        text_kk="Не болды?",
        text_zh_hans="发生了什么？",
    )


def _change_note():
    from editorial import change_notes

    entry = EntryFactory()
    return change_notes.record_major_change(
        entry,
        notes={
            "en": "You now need your ID card.",
            "ru": "Теперь нужно удостоверение личности.",
            "kk": "Енді жеке куәлік керек.",
            "zh-hans": "现在需要身份证。",
        },
    )


# One way to make an object of each content model edited on its own admin page. The
# list of models comes from the registry, so a new model without a line here fails.
CONTENT_MAKERS = {
    "operators.company": CompanyFactory,
    "operators.operator": OperatorFactory,
    "guides.procedure": lambda: ProcedureFactory(with_steps=2, with_documents=2),
    "guides.document": DocumentFactory,
    "guides.source": SourceFactory,
    "faq.category": CategoryFactory,
    "faq.entry": EntryFactory,
    "guides.decisiontext": _decision_text,
    "editorial.changenote": _change_note,
}
