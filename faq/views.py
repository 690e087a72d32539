from django.db.models import Prefetch
from django.shortcuts import render

from faq.models import Category, Entry


def faq_index(request):
    categories = Category.objects.prefetch_related(
        Prefetch("entries", queryset=Entry.objects.published(), to_attr="published_entries")
    )
    return render(request, "faq/index.html", {"categories": [c for c in categories if c.published_entries]})
