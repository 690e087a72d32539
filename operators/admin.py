from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from config import languages
from editorial.admin import ASSUME_HTTPS, LanguageCompletenessColumns, VerificationFilter
from editorial.locking import EditorialAdmin, register_history
from operators.models import Company, Operator

register_history(Company)
register_history(Operator)


@admin.register(Company)
class CompanyAdmin(LanguageCompletenessColumns, EditorialAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "website")
    search_fields = [languages.field_name("name", code) for code in languages.CODES] + ["slug"]
    prepopulated_fields = {"slug": (languages.field_name("name", "en"),)}
    filter_horizontal = ("sources",)
    formfield_overrides = ASSUME_HTTPS


@admin.register(Operator)
class OperatorAdmin(LanguageCompletenessColumns, EditorialAdmin, TabbedTranslationAdmin):
    list_display = ("name", "company", "active", "order", "verified_on")
    list_filter = ("active", "company", VerificationFilter)
    list_select_related = ("company",)
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
                "fields": (
                    "website",
                    "office_finder_url",
                    "support_short",
                    "support_full",
                    "support_abroad",
                    "ussd_codes",
                    "app_name",
                    "hours_note",
                    "contacts_note",
                )
            },
        ),
        (_("Search"), {"fields": ("search_keywords",)}),
        (_("Verification and sources"), {"fields": ("verified_on", "verified_by", "sources", "updated_at")}),
    )
