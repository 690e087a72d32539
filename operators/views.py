from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from guides.models import Procedure
from operators.models import Operator


def operator_list(request):
    return render(request, "operators/operator_list.html", {"operators": Operator.objects.active()})


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
    return render(request, "operators/operator_detail.html", {"operator": operator})
