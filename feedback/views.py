import logging

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from editorial.text import current_language
from feedback.forms import ReportForm, form_started_token, safe_page

logger = logging.getLogger(__name__)

# At most this many reports per address in this window; more are refused (429).
RATE = "5/h"


@never_cache
def report_problem(request):
    page = safe_page(request.GET.get("page") or request.POST.get("page"))
    if request.method == "POST":
        limited = is_ratelimited(request, group="feedback", key="ip", rate=RATE, method="POST", increment=True)
        form = ReportForm(request.POST)
        if limited:
            form.add_error(None, _("You have sent several reports in a short time. Please try again later."))
            return render(request, "feedback/report.html", {"form": form, "page": page}, status=429)
        if form.is_valid():
            report = form.save(commit=False)
            report.language = current_language()
            report.save()
            return render(request, "feedback/thanks.html", {"page": report.page})
        status = 400
    else:
        form = ReportForm(initial={"page": page, "started": form_started_token()})
        status = 200
    if status == 400:
        # A fresh timestamp so a person correcting the form isn't refused as too slow.
        form.data = form.data.copy()
        form.data["started"] = form_started_token()
    return render(request, "feedback/report.html", {"form": form, "page": page}, status=status)
