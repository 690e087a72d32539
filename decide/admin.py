from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from config import languages
from decide.models import DecisionText
from editorial.admin import LanguageCompletenessColumns
from editorial.content_admin import ContentAdmin, register_history
from editorial.markdown_widget import MarkdownFieldsAdminMixin

register_history(DecisionText)


@admin.register(DecisionText)
class DecisionTextAdmin(MarkdownFieldsAdminMixin, LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
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
