from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from config import languages
from editorial.admin import ASSUME_HTTPS, LanguageCompletenessColumns, VerificationFilter
from editorial.content_admin import ContentAdmin, TextOnlyInline, register_history
from editorial.links import link_columns
from operators.models import Company, Contact, Operator

register_history(Company)
# An operator's version holds its contacts, so a restore brings them back.
register_history(Operator, follow=("contacts",))
register_history(Contact)


@admin.register(Company)
class CompanyAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "website")
    search_fields = [languages.field_name("name", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("name", "en"),)}
    filter_horizontal = ("sources",)
    formfield_overrides = ASSUME_HTTPS


class ContactInline(TextOnlyInline, TranslationTabularInline):
    """Each contact with the operator's own page it comes from and its own verified date."""

    model = Contact
    fields = ("order", "kind", "value", *link_columns(), "note", "sources", "verified_on", "verified_by")
    autocomplete_fields = ("sources",)
    formfield_overrides = ASSUME_HTTPS
    extra = 0


@admin.register(Operator)
class OperatorAdmin(LanguageCompletenessColumns, ContentAdmin, TabbedTranslationAdmin):
    asks_what_changed = True  # its page shows "Last updated"
    completeness_children = ("contacts",)
    inlines = (ContactInline,)
    list_display = ("name", "company", "active", "order", "verified_on")
    list_filter = ("active", "company", VerificationFilter)
    list_select_related = ("company",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("contacts")

    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("sources",)
    formfield_overrides = ASSUME_HTTPS
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "company", "summary", "active", "order")}),
        (
            _("Contacts"),
            {
                "fields": ("website", *link_columns(), "ussd_codes", "hours_note", "contacts_note"),
                "description": _("Support numbers, the lost-SIM route, pages and the app: one line each, below."),
            },
        ),
        (_("Search"), {"fields": ("aliases", "search_keywords")}),
        (_("Verification and sources"), {"fields": ("verified_on", "verified_by", "sources", "updated_at")}),
    )
