"""The forms of content in the admin (their admin and the save's steps: editorial/content_admin.py).

- `ContentForm` (every content form, inlines too): clean text (editorial/text_input.py),
  and a model's errors shown on a field the form has.
- `ContentChangeForm` (an object's own change form) adds the questions a save may ask,
  each present only when the admin's fieldsets name it: the revision the form was opened
  at (no lost edits), "does this change matter to readers?" with its note, and "still
  matches the newest text" for the texts to review. What only this request knows (the
  texts to review, a restore's stored revision, why a save is refused) the admin sets on
  the form class Django builds for the request (`for_request`).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from reversion.models import Version

from config import languages
from editorial.models import NOTE_MAX_CHARS
from editorial.text_input import CleanTextForm

REVISION_FIELD = "loaded_revision"
MAJOR, MINOR = "major", "minor"
CHANGE_FIELDS = ("change_kind", "change_note")
REVIEW_FIELD = "texts_still_current"
# The questions about a save, not fields of the object: the admin's fieldsets choose them.
QUESTIONS = (REVISION_FIELD, *CHANGE_FIELDS, REVIEW_FIELD)


class ContentForm(CleanTextForm, forms.ModelForm):
    """An admin form for content: clean text, and the model's errors shown on a field the
    form has."""

    def add_error(self, field, error):
        # A model's clean() names a translated text by its name ("title"), which the form
        # shows per language ("title_en", …), or a field this role can't edit: Django
        # would raise ValueError (a 500) for a field the form doesn't have.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            placed: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                placed.setdefault(self._shown_field(name), []).extend(errors)
            error = ValidationError(placed)
        elif field is not None:
            field = self._shown_field(field)
        super().add_error(field, error)

    def _shown_field(self, name: str) -> str:
        if name == NON_FIELD_ERRORS or name in self.fields:
            return name
        for code in (get_language(), *languages.CODES):
            candidate = languages.field_name(name, code) if code in languages.CODES else None
            if candidate in self.fields:
                return candidate
        return NON_FIELD_ERRORS


class ReviewChoices(forms.MultipleChoiceField):
    """Accepts a confirmation of a flag that changed since the form was shown, so the save
    goes through; `freshness.confirm` then leaves that flag as it is."""

    def valid_value(self, value) -> bool:
        return True


class ContentChangeForm(ContentForm):
    """An object's own change form, with the questions its save asks."""

    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
    texts_still_current = ReviewChoices(
        label=gettext_lazy("Still matches the newest text"), required=False, widget=forms.CheckboxSelectMultiple
    )

    # Set by the admin on the class Django builds for one request (`for_request`).
    review_choices: list[tuple[str, str]] = []
    current_revision: int | None = None  # a restore form shows an old version's count
    refusal: str | None = None  # a save that must not happen, and why

    @classmethod
    def for_request(cls, *, review_choices, current_revision, refusal) -> None:
        cls.review_choices = review_choices
        cls.current_revision = current_revision
        cls.refusal = refusal

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A question the admin's fieldsets don't name is not asked.
        asked = self._meta.fields if isinstance(self._meta.fields, (list, tuple)) else ()
        for name in QUESTIONS:
            if name not in asked:
                self.fields.pop(name, None)
        if REVIEW_FIELD in self.fields:
            self.fields[REVIEW_FIELD].choices = self.review_choices
        if REVISION_FIELD in self.fields and self.instance.pk is not None:
            revision = self.instance.revision if self.current_revision is None else self.current_revision
            self.fields[REVISION_FIELD].initial = revision

    def clean(self):
        if self.refusal:
            # Not the checks below: they would take the same locks again.
            raise forms.ValidationError(self.refusal, code="busy")
        cleaned = super().clean()
        if REVISION_FIELD in self.fields:
            self._check_revision(cleaned.get(REVISION_FIELD))
        if cleaned.get("change_kind") == MAJOR and not (cleaned.get("change_note") or "").strip():
            self.add_error("change_note", _("Say in a sentence what changed for readers."))
        return cleaned

    def _check_revision(self, loaded: int | None) -> None:
        """Refuse the save when the object changed after this form was opened."""
        if self.instance.pk is None:
            return
        # Lock the row until this save's transaction ends, so two saves can't both pass.
        saved = type(self.instance).objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None:
            return
        if loaded is None:
            # Without the version it started from, a save can't tell whose change it
            # would overwrite: refuse it like a save over someone else's change.
            raise forms.ValidationError(
                _(
                    "This form did not say which version of the object you started from, so it was not "
                    "saved and nothing was overwritten. Open the object again and make your changes again."
                ),
                code="edit_conflict",
            )
        if saved.revision != loaded:
            raise forms.ValidationError(self._conflict_message(saved), code="edit_conflict")

    def _conflict_message(self, saved):
        latest = Version.objects.get_for_object(saved).select_related("revision__user").first()
        who = latest.revision.user if latest and latest.revision.user else None
        # The object's own fields only: not the form's questions about the save itself.
        own = {field.name for field in saved._meta.get_fields()}
        differences = [
            (self.fields[name].label or name, getattr(saved, name), value)
            for name, value in self.cleaned_data.items()
            if name in self.fields and name in own and _differs(getattr(saved, name, None), value)
        ]
        intro = _(
            "Someone else saved this object after you opened it%(who)s. Your changes were not saved, "
            "and nothing they saved was overwritten. Open the object again to see their version, "
            "then make your changes again."
        ) % {"who": f" ({who})" if who else ""}
        if not differences:
            return intro
        rows = format_html_join(
            "",
            "<li><strong>{}</strong>: {} <em>{}</em> — {} <em>{}</em></li>",
            ((label, _("saved:"), now, _("yours:"), yours) for label, now, yours in differences[:12]),
        )
        return format_html("{}<ul>{}</ul>", intro, rows)


def _differs(saved, submitted) -> bool:
    if hasattr(saved, "pk") and hasattr(submitted, "pk"):
        return saved.pk != submitted.pk
    if hasattr(saved, "all"):  # many-to-many: compare the sets
        return False
    return (saved or "") != (submitted or "")


class UsableValuesOnly:
    """An autocomplete widget that shows only posted values its model's key can hold: an
    invalid form is rendered again with what was posted, and Django's widget would filter
    by "abc" as an id (ValueError, a 500). The field itself answers "Select a valid choice"."""

    def optgroups(self, name, value, attr=None):
        meta = self.field.remote_field.model._meta
        key = meta.get_field(getattr(self.field.remote_field, "field_name", None) or meta.pk.attname)
        usable = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class UsableAutocompleteSelect(UsableValuesOnly, AutocompleteSelect):
    pass


class UsableAutocompleteSelectMultiple(UsableValuesOnly, AutocompleteSelectMultiple):
    pass


USABLE = {AutocompleteSelect: UsableAutocompleteSelect, AutocompleteSelectMultiple: UsableAutocompleteSelectMultiple}


def usable_values_only(formfield):
    """`formfield` with its autocomplete widget (inside the admin's wrapper) made safe."""
    widget = getattr(formfield, "widget", None)
    inner = getattr(widget, "widget", widget)
    if type(inner) in USABLE:
        inner.__class__ = USABLE[type(inner)]
    return formfield
