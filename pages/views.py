"""Site-wide pages: the start page, search, about and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from editorial.text import current_language
from faq.models import Entry
from operators.models import Operator
from search import engine as search_engine
from search import log as search_log
from serving.public_pages import public_page

TOP_QUESTIONS = 6


@public_page
def home(request):
    return render(
        request,
        "pages/home.html",
        {
            "operators": Operator.objects.active(),
            "top_questions": Entry.objects.published().select_related("category")[:TOP_QUESTIONS],
        },
    )


@public_page(reads=("q",), cached=False)
def search(request):
    code = current_language()
    answer = search_engine.search(request.GET.get("q", ""), code=code)
    if answer.query:
        search_log.record(answer.query, code=code, found=bool(answer.results), request=request)
    return render(request, "pages/search.html", {"query": answer.query, "answer": answer})


@public_page
def about(request):
    return render(request, "pages/about.html")


@public_page
def robots_txt(request):
    sitemap = settings.SITE_URL + reverse("sitemap")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
