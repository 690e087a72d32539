from django.db.models import Prefetch
from django.shortcuts import render

from editorial import change_notes, freshness
from editorial.text import current_language
from faq.models import Category, Entry
from serving.public_pages import public_page


@public_page
def faq_index(request):
    # Staff also see drafts, marked as such; the public sees published entries only.
    visible = Entry.objects.all() if request.user.is_staff else Entry.objects.published()
    entries = change_notes.with_last_updated(visible.select_related("procedure__operator").prefetch_related("sources"))
    categories = Category.objects.prefetch_related(Prefetch("entries", queryset=entries, to_attr="published_entries"))
    shown = [category for category in categories if category.published_entries]
    entries_shown = [entry for category in shown for entry in category.published_entries]
    context = {
        "categories": shown,
        "last_updated": change_notes.newest(*(entry.last_updated for entry in entries_shown)),
        "notice": freshness.notice(objects=[*shown, *entries_shown], code=current_language()),
    }
    return render(request, "faq/index.html", context)
