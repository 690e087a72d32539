"""How editors change content in the admin: no lost edits, and what each role may touch.

- Optimistic locking: a change form remembers the object's `revision` when it was opened;
  if someone saved the object since, the save is refused with the differences shown, and
  nothing the other editor saved is overwritten.
- A save that waits too long for a row someone else holds (a long import, another
  save, a psql session; PostgreSQL's lock_timeout, SQLite's busy timeout) is rolled back
  and the form shown again as posted, with "someone else is saving this".
- Roles (editorial/roles.py): status and verification are read-only for people who may
  not publish; for Translators every field but the translated texts is read-only, on the
  change form and in its inlines, and restoring an old or deleted version is refused.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from config import languages
from editorial import glossary, registry
from editorial.freshness_admin import ReviewAdmin
from editorial.roles import can_publish, can_restore, text_only, untranslated_fields
from editorial.text_input import CleanTextForm

PUBLISHING_FIELDS = ("status", "verified_on", "verified_by")


class ContentForm(CleanTextForm, forms.ModelForm):
    """An admin form for content: clean text (editorial/text_input.py), and the model's
    errors shown on a field the form has."""

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


class RevisionCheckedForm(ContentForm):
    """Refuses a save when the object changed after this form was opened."""

    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # On a restore form: the count stored before the old version was put back (the form
    # shows the old version, which carries its old count).
    current_revision: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            revision = self.instance.revision if self.current_revision is None else self.current_revision
            self.fields["loaded_revision"].initial = revision

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        loaded = cleaned.get("loaded_revision")
        model = type(self.instance)
        # Lock the row until this save's transaction ends, so two saves can't both pass.
        saved = model.objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None:
            return cleaned
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
        return cleaned

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


def role_readonly_fields(request, model, readonly) -> tuple[str, ...]:
    """`readonly` plus what this user's role may not change on `model`."""
    readonly = tuple(readonly)
    if text_only(request.user, model):
        readonly += tuple(name for name in untranslated_fields(model) if name not in readonly)
    elif not can_publish(request.user, model):
        readonly += tuple(name for name in PUBLISHING_FIELDS if hasattr(model, name) and name not in readonly)
    return readonly


class _UsableValuesOnly:
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


def usable_values_only(formfield):
    """`formfield` with its autocomplete widget (inside the admin's wrapper) made safe."""
    widget = getattr(formfield, "widget", None)
    inner = getattr(widget, "widget", widget)
    if isinstance(inner, AutocompleteMixin) and not isinstance(inner, _UsableValuesOnly):
        inner.__class__ = type(type(inner).__name__, (_UsableValuesOnly, type(inner)), {})
    return formfield


class UsableAutocomplete:
    """For admins and inlines with `autocomplete_fields`."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return usable_values_only(super().formfield_for_dbfield(db_field, request, **kwargs))


class TextOnlyInline(UsableAutocomplete):
    """An inline (steps, required documents) with clean text, whose untranslated fields are
    read-only for Translators, like its parent's."""

    form = ContentForm

    def get_readonly_fields(self, request, obj=None):
        return role_readonly_fields(request, self.model, super().get_readonly_fields(request, obj))


BUSY = gettext_lazy("Someone else is saving this; try again in a moment. Your changes are kept below.")
# PostgreSQL's lock_not_available (lock_timeout) and deadlock_detected.
LOCK_WAIT_STATES = {"55P03", "40P01"}


def is_lock_wait(error: BaseException) -> bool:
    """Did a statement give up waiting for a lock another transaction holds?"""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in LOCK_WAIT_STATES:
        return True
    # SQLite: its busy timeout ran out, or (in-memory, shared cache) another connection
    # writes the same table.
    return "database is locked" in str(error) or "database table is locked" in str(error)


def refusing(form_class: type[forms.BaseForm], message: str) -> type[forms.BaseForm]:
    """`form_class`, but every form of it is invalid with `message`: the posted form shown
    again as it was, saving nothing."""

    class Refused(form_class):
        def clean(self):
            # Not the form's own clean(): it would take the same locks again.
            raise forms.ValidationError(message, code="busy")

    Refused.__name__ = form_class.__name__
    return Refused


class HistoryAdmin(UsableAutocomplete, ReviewAdmin, VersionAdmin):
    """History with restore (django-reversion), role-aware fields, and the texts to review
    (editorial/freshness_admin.py)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except OperationalError as error:
            return self._busy(request, error, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except OperationalError as error:
            return self._busy(request, error, None, form_url, extra_context)

    def _busy(self, request, error, object_id, form_url, extra_context):
        """A save that gave up waiting for a lock: its transaction was rolled back, nothing
        was saved. The form again, as posted, with why — rendered in no transaction, which
        on SQLite would wait for the same lock."""
        if request.method != "POST" or not is_lock_wait(error):
            raise error
        request.save_refused = str(BUSY)
        return self._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        current = getattr(request, "current_revision", None)
        if current is not None:
            form = type(form.__name__, (form,), {"current_revision": current})
        refusal = getattr(request, "save_refused", None)
        return refusing(form, refusal) if refusal else form

    def get_readonly_fields(self, request, obj=None):
        return role_readonly_fields(request, self.model, super().get_readonly_fields(request, obj))

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug can't be filled in from the title.
        readonly = set(self.get_readonly_fields(request, obj))
        prepopulated = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in prepopulated.items() if name not in readonly}

    def get_actions(self, request):
        # Whatever an action does to many objects at once, a Translator may not.
        return {} if text_only(request.user, self.model) else super().get_actions(request)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not can_restore(request.user, self.model):
            raise PermissionDenied
        if any(field.name == "revision" for field in self.model._meta.fields):
            stored = self.model._base_manager.filter(pk=object_id).values_list("revision", flat=True).first()
            request.current_revision = stored
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except OperationalError as error:
            return self._busy(request, error, object_id, "", extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_restore(request.user, self.model):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not can_restore(request.user, self.model):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)


class EditorialAdmin(HistoryAdmin):
    """HistoryAdmin plus optimistic locking, for models that carry a `revision`."""

    form = RevisionCheckedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # The hidden revision field travels with the first fieldset.
        first_name, first_options = fieldsets[0]
        fields = tuple(first_options.get("fields", ()))
        if "loaded_revision" not in fields:
            fieldsets = [(first_name, {**first_options, "fields": (*fields, "loaded_revision")}), *fieldsets[1:]]
        return fieldsets

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_variants(
            request, [form.instance, *(f.instance for fs in formsets for f in fs.forms if f.instance.pk)]
        )


MAX_TERM_WARNINGS = 10


def warn_about_variants(request, objects) -> None:
    """A warning (the save stands) for each forbidden variant of the termbase in the saved
    texts, naming the field, the variant and the term, in the editor's language."""
    shown = 0
    for obj in objects:
        if not registry.is_content(type(obj)):
            continue
        for name, finding in glossary.object_findings(obj):
            if shown == MAX_TERM_WARNINGS:
                return
            shown += 1
            label = capfirst(type(obj)._meta.get_field(name).verbose_name)
            messages.warning(
                request,
                _("%(field)s (%(language)s) uses “%(variant)s”; the guide's term is “%(term)s”. Saved as it is.")
                % {"field": label, "language": finding.code, "variant": finding.variant, "term": finding.term},
            )


def register_history(model, *, follow: tuple[str, ...] = ()) -> None:
    """Record every change of `model` (with the related objects in `follow`) for restore.

    The lock counter is recorded too: a restore writes at least one more than the stored
    count (editorial.models.count_revision_up), and recovering a deleted object one more
    than its last recorded count, so neither rewinds it.
    """
    import reversion

    if not reversion.is_registered(model):
        reversion.register(model, follow=follow)


# django-axes keeps the user name of a failed sign-in in a 255-character column.
LOGIN_USERNAME_KEPT = 255


def login_username(request, credentials=None):
    """The user name django-axes counts failed sign-ins under: cut to what its column
    holds. A longer one is no account's, and PostgreSQL would refuse to store it (a 500)."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get("username")
    return username[:LOGIN_USERNAME_KEPT] if isinstance(username, str) else username


def locked_out(request, *args, **kwargs):
    """django-axes' lockout answer: a page in the editor's language, HTTP 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_minutes": minutes}, status=429)
