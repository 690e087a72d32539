from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from config import languages
from editorial import change_notes, freshness
from editorial.text import current_language
from guides.checklist import documents_by_audience
from guides.models import Procedure, RequiredDocument, Source, Step
from serving.public_pages import public_page

SAME_KIND_LIMIT = 12
# The operator's texts the procedure page shows with its contacts (includes/contacts.html).
OPERATOR_CONTACT_TEXTS = ("ussd_codes", "hours_note", "contacts_note")


@public_page
def procedure_detail(request, operator: str, procedure: str):
    code = current_language()
    # Staff preview drafts at their public address; everyone else sees published ones only.
    visible = Procedure.objects.all() if request.user.is_staff else Procedure.objects.published()
    sources = Source.objects.in_language(code)
    procedure = get_object_or_404(
        change_notes.with_last_updated(visible.in_language(code, "operator", "operator__company")).prefetch_related(
            Prefetch("steps", queryset=Step.objects.in_language(code)),
            Prefetch("sources", queryset=sources),
            Prefetch("operator__sources", queryset=sources),
            Prefetch("required_documents", queryset=RequiredDocument.objects.in_language(code, "document")),
            Prefetch(
                "operator__contacts",
                queryset=_contacts().in_language(code).prefetch_related(Prefetch("sources", queryset=sources)),
            ),
        ),
        operator__slug=operator,
        operator__active=True,
        slug=procedure,
    )
    # The links at the end need a title and an address only.
    published = (
        Procedure.objects.published()
        .filter(operator__active=True)
        .select_related("operator")
        .only(
            "slug",
            "kind",
            "operator",
            "operator__slug",
            "operator__name",
            *languages.field_names("title", code),
        )
    )
    context = {
        "procedure": procedure,
        "operator": procedure.operator,
        "document_groups": documents_by_audience(procedure),
        "same_operator": published.filter(operator=procedure.operator).exclude(pk=procedure.pk),
        # Bounded, so the page doesn't grow with the number of operators.
        "same_kind_elsewhere": published.filter(kind=procedure.kind).exclude(operator=procedure.operator)[
            :SAME_KIND_LIMIT
        ],
        "is_preview": not procedure.is_published,
        "notice": freshness.notice(objects=_texts_shown(procedure), code=code),
    }
    return render(request, "guides/procedure_detail.html", context)


def _texts_shown(procedure):
    """The objects whose texts the procedure page shows, for its freshness notice."""
    required = list(procedure.required_documents.all())
    return [
        procedure,
        *procedure.steps.all(),
        *required,
        *(item.document for item in required),
        (procedure.operator, OPERATOR_CONTACT_TEXTS),
        *procedure.operator.contacts.all(),
    ]


def _contacts():
    # The operator's contacts, reached through the relation: this app sits below operators.
    operator = Procedure._meta.get_field("operator").related_model
    return operator._meta.get_field("contacts").related_model.objects.all()
