from django.db.models import Prefetch
from django.shortcuts import render

from editorial.cache import public_page
from faq.models import Category, Entry


@public_page
def faq_index(request):
    # Staff also see drafts, marked as such; the public sees published entries only.
    visible = Entry.objects.all() if request.user.is_staff else Entry.objects.published()
    entries = visible.select_related("procedure__operator").prefetch_related("sources")
    categories = Category.objects.prefetch_related(Prefetch("entries", queryset=entries, to_attr="published_entries"))
    return render(request, "faq/index.html", {"categories": [c for c in categories if c.published_entries]})
