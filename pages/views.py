"""Site-wide pages: the start page, search, about and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from editorial.cache import public_page
from editorial.text import current_language
from faq.models import Entry
from operators.models import Operator
from pages import search as guide_search

TOP_QUESTIONS = 6


@public_page
def home(request):
    return render(
        request,
        "guides/home.html",
        {
            "operators": Operator.objects.active(),
            "top_questions": Entry.objects.published().select_related("category")[:TOP_QUESTIONS],
        },
    )


@public_page(reads=("q",), cached=False)
def search(request):
    raw = request.GET.get("q", "")
    query = guide_search.clean_query(raw)
    results = guide_search.search(query, code=current_language()) if query else []
    return render(request, "guides/search.html", {"query": query, "results": results})


@public_page
def about(request):
    return render(request, "guides/about.html")


@public_page
def robots_txt(request):
    sitemap = settings.SITE_URL + reverse("sitemap")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /*/search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
