"""Admin pieces every content app uses: a completeness column per language, the
verification filter, https for bare domains; and the admin's title."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from config import languages
from editorial import completeness
from editorial.content_admin import ContentAdmin, register_history
from editorial.models import ChangeNote

# Editors type bare domains; Django 6 will assume https, so do it now.
ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class LanguageCompletenessColumns:
    """Adds one changelist column per language: are this object's texts complete in it?

    `completeness_children` names related managers (prefetch them) whose texts count too.
    """

    completeness_children: tuple[str, ...] = ()

    def get_list_display(self, request):
        columns = (completeness_column(code, self.completeness_children) for code in languages.CODES)
        return (*super().get_list_display(request), *columns)


def completeness_column(code: str, children: tuple[str, ...]):
    def column(obj) -> bool:
        related = [child for name in children for child in getattr(obj, name).all()]
        return completeness.is_complete(obj, code, children=related)

    column.__name__ = f"complete_{languages.get(code).field_suffix}"
    column.short_description = code
    column.boolean = True
    return column


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Verified")),
            ("stale", _("Verified more than %(days)d days ago") % {"days": settings.STALE_AFTER_DAYS}),
            ("never", _("Never verified")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.verified()
        if self.value() == "never":
            return queryset.never_verified()
        if self.value() == "stale":
            return queryset.stale()
        return queryset


@admin.register(ChangeNote)
class ChangeNoteAdmin(ContentAdmin, TabbedTranslationAdmin):
    """The notes themselves: Translators translate them, Editors correct or delete one."""

    list_display = ("changed_on", "kind", "subject_link", "note")
    list_filter = ("kind", "content_type")
    date_hierarchy = "changed_on"
    readonly_fields = ("subject_link", "created_at")
    fields = ("subject_link", "kind", "changed_on", "note", "created_at")

    def has_add_permission(self, request):
        # Notes are written where the change is made: on the page's own admin form.
        return False

    @admin.display(description=_("page"))
    def subject_link(self, note):
        subject = note.subject
        if subject is None:
            return "—"
        url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
        return format_html('<a href="{}">{}</a>', url, subject) if url else str(subject)


register_history(ChangeNote)

# The admin carries the guide's name in the editor's language, not "Django administration".
admin.site.site_header = _("KZ SIM guide")
admin.site.site_title = _("KZ SIM guide")
