from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from config import languages
from editorial.admin import LanguageCompletenessColumns, VerificationFilter
from editorial.content_admin import ContentAdmin, register_history
from editorial.markdown_widget import MarkdownFieldsAdminMixin
from faq.models import Category, Entry

register_history(Category)
register_history(Entry)


@admin.register(Category)
class CategoryAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = [languages.field_name("name", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("name", "en"),)}


@admin.register(Entry)
class EntryAdmin(MarkdownFieldsAdminMixin, LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    asks_what_changed = True  # its page shows "Last updated"
    markdown_fields = ("answer",)
    list_display = ("question", "category", "status", "order", "verified_on")
    list_filter = ("category", "status", "operator", VerificationFilter)
    list_select_related = ("category",)
    search_fields = [languages.field_name("question", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("question", "en"),)}
    autocomplete_fields = ("operator", "procedure")
    filter_horizontal = ("sources",)
    fieldsets = (
        (None, {"fields": ("category", "question", "slug", "answer", "status", "order")}),
        (_("Links"), {"fields": ("operator", "procedure")}),
        (_("Search"), {"fields": ("search_keywords",)}),
        (_("Verification and sources"), {"fields": ("verified_on", "verified_by", "sources")}),
    )
