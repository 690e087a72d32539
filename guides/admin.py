from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from config import languages
from guides import completeness
from guides.editing import EditorialAdmin, HistoryAdmin, register_history
from guides.markdown_widget import MarkdownFieldsAdminMixin
from guides.models import DecisionText, Document, Procedure, RequiredDocument, Source, Status, Step

# History: a procedure's version includes its steps and documents, so a restore brings them back.
register_history(Procedure, follow=("steps", "required_documents"))
for _model in (Step, RequiredDocument, Document, Source, DecisionText):
    register_history(_model)

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


class StepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        # Unchanged blank extra forms have empty cleaned_data and don't count.
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("A published procedure needs at least one step."))


class StepInline(MarkdownFieldsAdminMixin, TranslationStackedInline):
    model = Step
    markdown_fields = ("body",)
    formset = StepFormSet
    fields = ("order", "title", "body")
    extra = 0
    min_num = 0


class RequiredDocumentInline(TranslationTabularInline):
    model = RequiredDocument
    fields = ("order", "document", "audience", "optional", "note")
    autocomplete_fields = ("document",)
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(LanguageCompletenessColumns, EditorialAdmin, TabbedTranslationAdmin):
    completeness_children = ("steps", "required_documents")
    list_display = ("title", "operator", "kind", "channel", "status", "verified_on")
    list_filter = ("operator", "kind", "channel", "status", VerificationFilter)
    list_select_related = ("operator",)
    search_fields = [languages.field_name("title", code) for code in languages.CODES] + ["slug", "operator__name"]
    prepopulated_fields = {"slug": (languages.field_name("title", "en"),)}
    autocomplete_fields = ("operator",)
    filter_horizontal = ("sources",)
    inlines = (StepInline, RequiredDocumentInline)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("operator", "kind", "channel", "title", "slug", "status", "order")}),
        (_("What the visitor reads"), {"fields": ("summary", "eligibility", "duration_note", "cost_note")}),
        (_("Search"), {"fields": ("search_keywords",)}),
        (_("Verification and sources"), {"fields": ("verified_on", "verified_by", "sources")}),
        (_("History"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps", "required_documents")


@admin.register(Document)
class DocumentAdmin(LanguageCompletenessColumns, HistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = [languages.field_name("name", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("name", "en"),)}


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = ASSUME_HTTPS
    list_display = ("title", "publisher", "url", "accessed_on")
    search_fields = ("title", "publisher", "url")


@admin.register(DecisionText)
class DecisionTextAdmin(MarkdownFieldsAdminMixin, LanguageCompletenessColumns, EditorialAdmin, TabbedTranslationAdmin):
    """Wording of the decision flow. Rows belong to nodes in the code, so they are edited,
    never deleted; the key and kind are fixed once created."""

    list_display = ("key", "kind", "text")
    list_filter = ("kind",)
    search_fields = ["key"] + [languages.field_name("text", code) for code in languages.CODES]
    fields = ("key", "kind", "text", "hint", "reason", "body", "after")
    markdown_fields = ("body", "after")  # the result page renders these as Markdown

    def get_readonly_fields(self, request, obj=None):
        return ("key", "kind") if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The admin carries the guide's name in the editor's language, not "Django administration".
admin.site.site_header = _("KZ SIM guide")
admin.site.site_title = _("KZ SIM guide")
