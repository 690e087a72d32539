"""Change notes in the admin: an Editor who saves a page readers see says whether the
change is major (what a reader must do or bring has changed: the page's "Last updated"
date moves and the note is shown) or minor (wording, a typo: nothing moves).

Translators only translate, so their saves are never major and they are not asked;
they translate the notes themselves on the change notes' own admin pages and in the
PO files, like any other text.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config import languages
from editorial import change_notes
from editorial.content_forms import CHANGE_FIELDS, MAJOR
from editorial.roles import can_publish, text_only


def note_language() -> str:
    """The language an editor writes in: the admin's language when it is one of ours."""
    code = (get_language() or "").lower()
    return code if code in languages.CODES else languages.DEFAULT_CODE


def asks_what_changed(request, model, obj) -> bool:
    """Whether this save asks "does this change matter to readers?": only a change an
    Editor makes to what readers already see can be news to them."""
    return obj is not None and obj.is_public and not text_only(request.user, model) and can_publish(request.user, model)


def what_changed_fieldset() -> tuple[str, dict]:
    return (_("What changed for readers"), {"fields": CHANGE_FIELDS})


def record_change(admin, request, form) -> None:
    """The notes a save records: a page readers see for the first time gets its first
    publication (an add, or a draft published now; published pages already have theirs);
    a major change its dated note, in the editor's language."""
    obj = form.instance
    if not obj.is_public:
        return
    change_notes.record_first_publication(obj)
    if form.cleaned_data.get("change_kind") == MAJOR:
        note = change_notes.record_major_change(obj, notes={note_language(): form.cleaned_data["change_note"]})
        admin.message_user(
            request,
            _("Readers now see “Last updated %(date)s” with your note. Translators will see it to translate.")
            % {"date": formats.date_format(note.changed_on)},
            messages.INFO,
        )
