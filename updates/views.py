"""The updates pages: a procedure's, an operator's and the whole site's dated changes."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from editorial.text import current_language
from guides.models import Procedure
from operators.models import Operator
from serving.public_pages import public_page
from updates import notes


@public_page
def site_updates(request):
    code = current_language()
    return render(
        request,
        "updates/updates.html",
        {"updates": notes.site_updates(code), "feed_url": reverse("updates:feed"), "show_pages": True},
    )


@public_page
def operator_updates(request, operator: str):
    code = current_language()
    operator = get_object_or_404(Operator.objects.active(), slug=operator)
    return render(
        request,
        "updates/updates.html",
        {
            "operator": operator,
            "updates": notes.operator_updates(operator, code),
            "feed_url": reverse("updates:operator_feed", kwargs={"operator": operator.slug}),
            "show_pages": True,
        },
    )


@public_page
def procedure_updates(request, operator: str, procedure: str):
    code = current_language()
    procedure = get_object_or_404(
        Procedure.objects.published().in_language(code, "operator"),
        operator__slug=operator,
        operator__active=True,
        slug=procedure,
    )
    return render(
        request,
        "updates/updates.html",
        {
            "operator": procedure.operator,
            "procedure": procedure,
            "updates": notes.procedure_updates(procedure, code),
            "feed_url": reverse("updates:operator_feed", kwargs={"operator": procedure.operator.slug}),
        },
    )
