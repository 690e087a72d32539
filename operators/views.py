from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from editorial import change_notes, freshness
from editorial.text import current_language
from guides.models import Procedure
from operators.models import Operator
from serving.public_pages import public_page


@public_page
def operator_list(request):
    operators = Operator.objects.active().select_related("company")
    return render(request, "operators/operator_list.html", {"operators": operators})


@public_page
def operator_detail(request, operator: str):
    operator = get_object_or_404(
        change_notes.with_last_updated(Operator.objects.active())
        .with_contacts()
        .select_related("company")
        .prefetch_related(
            "sources",
            Prefetch(
                "procedures",
                queryset=change_notes.with_last_updated(Procedure.objects.for_visitors()),
                to_attr="published_procedures",
            ),
        ),
        slug=operator,
    )
    procedures_by_kind = [
        (Procedure.Kind(kind).label, list(procedures))
        for kind, procedures in groupby(operator.published_procedures, key=lambda p: p.kind)
    ]
    sibling_brands = (
        Operator.objects.active().filter(company=operator.company).exclude(pk=operator.pk)
        if operator.company_id
        else Operator.objects.none()
    )
    # The page's texts: the operator's, its company's name, its contacts' notes and its
    # procedures' titles (the links).
    shown = [
        operator,
        (operator.company, ("name",)),
        *operator.contacts.all(),
        *((procedure, ("title",)) for procedure in operator.published_procedures),
    ]
    context = {
        "operator": operator,
        "procedures_by_kind": procedures_by_kind,
        "sibling_brands": sibling_brands,
        "notice": freshness.notice(objects=shown, code=current_language()),
        # Its own last major change (contacts) or its procedures' newest.
        "last_updated": change_notes.newest(
            operator.last_updated, *(procedure.last_updated for procedure in operator.published_procedures)
        ),
    }
    return render(request, "operators/operator_detail.html", context)
