from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from faq.models import Entry
from guides.models import Procedure, RequiredDocument
from operators.models import Operator


def home(request):
    operators = Operator.objects.active()
    top_questions = Entry.objects.published().select_related("category")[:6]
    return render(request, "guides/home.html", {"operators": operators, "top_questions": top_questions})


def procedure_detail(request, operator: str, procedure: str):
    procedure = get_object_or_404(
        Procedure.objects.published()
        .select_related("operator", "operator__company")
        .prefetch_related(
            "steps",
            "sources",
            Prefetch(
                "required_documents",
                queryset=RequiredDocument.objects.select_related("document"),
            ),
        ),
        operator__slug=operator,
        operator__active=True,
        slug=procedure,
    )
    return render(request, "guides/procedure_detail.html", {"procedure": procedure, "operator": procedure.operator})
