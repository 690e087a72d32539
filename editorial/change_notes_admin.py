"""Change notes in the admin: an Editor who saves a page readers see says whether the
change is major (what a reader must do or bring has changed: the page's "Last updated"
date moves and the note is shown) or minor (wording, a typo: nothing moves).

Translators only translate, so their saves are never major and they are not asked;
they translate the notes themselves on the change notes' own admin pages and in the
PO files, like any other text.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from config import languages
from editorial import change_notes
from editorial.locking import EditorialAdmin
from editorial.models import NOTE_MAX_CHARS
from editorial.roles import can_publish, text_only

MAJOR, MINOR = "major", "minor"
CHANGE_FIELDS = ("change_kind", "change_note")


class ChangeNoteFields(forms.Form):
    """The two questions, mixed into a content object's admin form."""

    change_kind = forms.ChoiceField(
        label=gettext_lazy("Does this change matter to readers?"),
        choices=[
            (
                MAJOR,
                gettext_lazy(
                    "Major: what a reader must do or bring has changed. The page shows today's date and your note."
                ),
            ),
            (MINOR, gettext_lazy("Minor: wording or a typo. The page's date stays as it is.")),
        ],
        widget=forms.RadioSelect,
    )
    change_note = forms.CharField(
        label=gettext_lazy("Change note for readers"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For a major change: one or two sentences on what changed for the reader, in the language "
            "of this admin page. Translators translate it into the other languages."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change_kind") == MAJOR and not (cleaned.get("change_note") or "").strip():
            self.add_error("change_note", _("Say in a sentence what changed for readers."))
        return cleaned


def note_language() -> str:
    """The language an editor writes in: the admin's language when it is one of ours."""
    code = (get_language() or "").lower()
    return code if code in languages.CODES else languages.DEFAULT_CODE


class ChangeNotesAdmin(EditorialAdmin):
    """EditorialAdmin for the content whose pages show "Last updated" (procedures, FAQ
    entries, operators): the major-or-minor question, and the notes it records."""

    def asks_for_change(self, request, obj) -> bool:
        # Only a change to what readers already see can be news to them.
        return (
            obj is not None
            and obj.is_public
            and not text_only(request.user, self.model)
            and can_publish(request.user, self.model)
        )

    def get_form(self, request, obj=None, **kwargs):
        if self.asks_for_change(request, obj):
            kwargs["form"] = type(f"{self.form.__name__}WithChange", (ChangeNoteFields, self.form), {})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if self.asks_for_change(request, obj):
            fieldsets.append((_("What changed for readers"), {"fields": CHANGE_FIELDS}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if not obj.is_public:
            return
        # A page readers see for the first time: its first publication (an add, or a
        # draft published now). Published pages already have theirs.
        change_notes.record_first_publication(obj)
        if form.cleaned_data.get("change_kind") == MAJOR:
            note = change_notes.record_major_change(obj, notes={note_language(): form.cleaned_data["change_note"]})
            self.message_user(
                request,
                _("Readers now see “Last updated %(date)s” with your note. Translators will see it to translate.")
                % {"date": formats.date_format(note.changed_on)},
                messages.INFO,
            )


class ChangeNoteAdmin(EditorialAdmin):
    """The notes themselves: Translators translate them, Editors correct or delete one."""

    list_display = ("changed_on", "kind", "subject_link", "note")
    list_filter = ("kind", "content_type")
    date_hierarchy = "changed_on"
    readonly_fields = ("subject_link", "created_at")
    fields = ("subject_link", "kind", "changed_on", "note", "created_at")

    def has_add_permission(self, request):
        # Notes are written where the change is made: on the page's own admin form.
        return False

    @admin.display(description=gettext_lazy("page"))
    def subject_link(self, note):
        subject = note.subject
        if subject is None:
            return "—"
        url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
        return format_html('<a href="{}">{}</a>', url, subject) if url else str(subject)
