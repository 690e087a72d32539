from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from config import languages
from editorial.admin import ASSUME_HTTPS, LanguageCompletenessColumns, VerificationFilter
from editorial.content_admin import ContentAdmin, TextOnlyInline, register_history
from editorial.links import link_columns
from editorial.markdown_widget import MarkdownFieldsAdminMixin
from guides.models import Document, Procedure, RequiredDocument, Source, Status, Step

# History: a procedure's version includes its steps and documents, so a restore brings them back.
register_history(Procedure, follow=("steps", "required_documents"))
for _model in (Step, RequiredDocument, Document, Source):
    register_history(_model)


class StepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        # Unchanged blank extra forms have empty cleaned_data and don't count.
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("A published procedure needs at least one step."))


class StepInline(TextOnlyInline, MarkdownFieldsAdminMixin, TranslationStackedInline):
    model = Step
    markdown_fields = ("body",)
    formset = StepFormSet
    fields = ("order", "title", "body")
    extra = 0
    min_num = 0


class RequiredDocumentInline(TextOnlyInline, TranslationTabularInline):
    model = RequiredDocument
    fields = ("order", "document", "audience", "optional", "note")
    autocomplete_fields = ("document",)
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    asks_what_changed = True  # its page shows "Last updated"
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
class DocumentAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = [languages.field_name("name", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("name", "en"),)}


@admin.register(Source)
class SourceAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    formfield_overrides = ASSUME_HTTPS
    list_display = ("title", "publisher", "url", "language", "accessed_on")
    search_fields = [
        languages.field_name(field, code) for field in ("title", "publisher") for code in languages.CODES
    ] + ["url"]
    fieldsets = (
        (None, {"fields": ("title", "publisher", "url", "language", "accessed_on")}),
        (
            _("The same page in other languages"),
            {
                "fields": link_columns(),
                "description": _(
                    "Visitors are sent to the page in their language, else the nearest one (Kazakh → Russian → "
                    "English, Chinese → English → Russian). Only addresses you have opened: leave the others empty."
                ),
            },
        ),
    )
