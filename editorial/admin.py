"""Admin pieces every content app uses: a completeness column per language, the
verification filter, https for bare domains; and the admin's title."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from config import languages
from editorial import completeness
from editorial.change_notes_admin import ChangeNoteAdmin
from editorial.locking import register_history
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
class ChangeNoteTranslatedAdmin(ChangeNoteAdmin, TabbedTranslationAdmin):
    pass


register_history(ChangeNote)

# The admin carries the guide's name in the editor's language, not "Django administration".
admin.site.site_header = _("KZ SIM guide")
admin.site.site_title = _("KZ SIM guide")
