from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import Report


class OpenFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("handled", _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "handled":
            return queryset.filter(handled_at__isnull=False)
        return queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "page", "language", "message", "handled_at")
    list_filter = (OpenFilter, "language")
    search_fields = ("page", "message")
    readonly_fields = ("page", "language", "message", "contact", "created_at", "handled_at", "handled_by")
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark the selected reports as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.open().update(handled_at=timezone.now(), handled_by=request.user)
        self.message_user(request, _("%(count)d reports marked as handled.") % {"count": count})
