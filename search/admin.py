"""Best bets and the counts of searches, for Editors."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from search.models import BestBet, SearchCount


@admin.register(BestBet)
class BestBetAdmin(admin.ModelAdmin):
    list_display = ("query", "language", "page", "words")
    list_filter = ("language",)
    search_fields = ("query", "words")
    fields = ("language", "query", "procedure", "entry", "operator", "order", "words")
    readonly_fields = ("words",)
    list_select_related = ("procedure__operator", "entry", "operator")

    @admin.display(description=_("pinned page"))
    def page(self, bet):
        return bet.page


@admin.register(SearchCount)
class SearchCountAdmin(admin.ModelAdmin):
    """Read-only: counts are written by searches, and only by them."""

    list_display = ("day", "language", "shown_query", "searches", "found_nothing")
    list_filter = ("language", "day")
    search_fields = ("query",)
    date_hierarchy = "day"

    @admin.display(description=_("query"), ordering="query")
    def shown_query(self, count):
        return str(count)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
