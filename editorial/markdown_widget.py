"""A Markdown textarea for the admin: a short cheat sheet in the editor's language and a
Preview button that shows the text as the public pages will (editorial/markdown_preview.py).

The button is progressive enhancement: static/admin_extra/markdown-preview.js reveals
it; without JavaScript the editor still has the textarea and the cheat sheet.
"""

from __future__ import annotations

from django.contrib.admin.widgets import AdminTextareaWidget
from django.urls import reverse


class MarkdownTextarea(AdminTextareaWidget):
    # Lives in editorial/templates/: Django's default form renderer looks in apps, not in
    # the project's templates/ folder.
    template_name = "widgets/markdown_textarea.html"

    class Media:
        css = {"all": ("admin_extra/markdown-preview.css",)}
        js = ("admin_extra/markdown-preview.js",)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = reverse("markdown_preview")
        return context


class MarkdownFieldsAdminMixin:
    """Use MarkdownTextarea for the fields named in `markdown_fields` (ModelAdmin or inline).

    With modeltranslation the per-language columns (body_en, body_ru, ...) are built from
    the original field's form field, so naming `body` covers every language, and their
    `mt` CSS classes (which drive the language tabs) stay on the textarea.
    """

    markdown_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        original = getattr(db_field, "translated_field", db_field)
        if original.name in self.markdown_fields:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)
