from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from editorial.cache import public_page
from guides.models import Procedure
from operators.models import Operator


@require_GET
@public_page
def operator_list(request):
    operators = Operator.objects.active().select_related("company")
    return render(request, "operators/operator_list.html", {"operators": operators})


@require_GET
@public_page
def operator_detail(request, operator: str):
    operator = get_object_or_404(
        Operator.objects.active()
        .select_related("company")
        .prefetch_related(
            "sources",
            Prefetch("procedures", queryset=Procedure.objects.for_operator_page(), to_attr="published_procedures"),
        ),
        slug=operator,
    )
    # Kinds in the order people need them (cancel first), then channel, then the editor's order.
    kinds, channels = list(Procedure.Kind.values), list(Procedure.Channel.values)
    ordered = sorted(
        operator.published_procedures,
        key=lambda p: (kinds.index(p.kind), channels.index(p.channel), p.order, p.pk),
    )
    procedures_by_kind = [
        (Procedure.Kind(kind).label, list(procedures)) for kind, procedures in groupby(ordered, key=lambda p: p.kind)
    ]
    sibling_brands = (
        Operator.objects.active().filter(company=operator.company).exclude(pk=operator.pk)
        if operator.company_id
        else Operator.objects.none()
    )
    return render(
        request,
        "operators/operator_detail.html",
        {"operator": operator, "procedures_by_kind": procedures_by_kind, "sibling_brands": sibling_brands},
    )
