"""What saving a content object in the admin does, in order: one admin class for every
content model (`ContentAdmin`), whose steps are named here rather than spread over mixins.

An editor posts a change form (a procedure, with its steps and documents inline):

1. **Roles** decide what the form lets this user change (`get_readonly_fields`,
   editorial/roles.py): status and verification are read-only for those who may not
   publish; for Translators every field but the translated texts, in the inlines too,
   and no bulk actions, no restores.
2. **The form asks** (`get_fieldsets`, editorial/content_forms.py): the revision it was
   opened at (hidden), the texts to review with their diffs (editorial/freshness_admin.py),
   and, for an Editor changing a public page, "does this change matter to readers?"
   (editorial/change_notes_admin.py).
3. **The form checks** (`ContentChangeForm.clean`): clean text; the lock check — the row
   is locked and the save refused if someone saved since the form was opened; a major
   change needs its note.
4. **Django saves** the object and its inlines in one transaction, inside a
   django-reversion revision (`VersionAdmin.changeform_view`), which is the history a
   restore reads. Every model save on the way runs the model signals that apply however
   content is saved (the PO import and `load_content` too): the revision counter goes up
   (`editorial.models.count_revision_up`), translation freshness is recorded
   (`editorial.freshness`), and the content version is bumped
   (editorial/content_changes.py → `serving.versions.invalidate`).
5. **After the save** (`save_related`, below): the texts ticked as still matching are
   confirmed; the termbase's forbidden variants are warned about (the save stands); the
   first publication or the major change is noted.
6. **On commit** serving publishes the new content version: no worker serves an older
   page afterwards.

A save that waited too long for a row someone else holds is rolled back and the form
shown again as posted, with "someone else is saving this" (`_busy`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin

from editorial import change_notes_admin, freshness_admin, glossary, registry
from editorial.content_forms import (
    CHANGE_FIELDS,
    REVIEW_FIELD,
    REVISION_FIELD,
    ContentChangeForm,
    ContentForm,
    usable_values_only,
)
from editorial.locking import BUSY, is_lock_wait
from editorial.roles import can_publish, can_restore, text_only, untranslated_fields

PUBLISHING_FIELDS = ("status", "verified_on", "verified_by")
MAX_TERM_WARNINGS = 10


class ContentAdmin(VersionAdmin):
    """The admin of every content model: history with restore, role-aware fields, no lost
    edits, the texts to review, and — with `asks_what_changed` — change notes."""

    form = ContentChangeForm
    # Content whose pages show "Last updated" (procedures, FAQ entries, operators).
    asks_what_changed = False

    # 1. What this user may change

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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return usable_values_only(super().formfield_for_dbfield(db_field, request, **kwargs))

    # 2. What the form asks

    def get_fieldsets(self, request, obj=None):
        # The questions about the save are placed here, not where the form's fields are
        # listed (modeltranslation lists every field the form class declares); the hidden
        # revision stays where it is listed, or travels with the first fieldset.
        fieldsets = [
            (name, {**options, "fields": _without(options.get("fields", ()), (*CHANGE_FIELDS, REVIEW_FIELD))})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not any(REVISION_FIELD in flatten_fieldsets([fieldset]) for fieldset in fieldsets):
            (first_name, first_options), *rest = fieldsets
            fieldsets = [(first_name, {**first_options, "fields": (*first_options["fields"], REVISION_FIELD)}), *rest]
        if freshness_admin.reviews(self, request, obj):
            fieldsets.insert(0, freshness_admin.review_fieldset())
        if self._asks_what_changed(request, obj):
            fieldsets.append(change_notes_admin.what_changed_fieldset())
        return fieldsets

    def _asks_what_changed(self, request, obj) -> bool:
        return self.asks_what_changed and change_notes_admin.asks_what_changed(request, self.model, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class Django builds for this request
        form.for_request(
            review_choices=freshness_admin.reviews(self, request, obj),
            current_revision=getattr(request, "current_revision", None),
            refusal=getattr(request, "save_refused", None),
        )
        return form

    # 3–4. The form checks, Django saves (a lock held elsewhere: the form again)

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

    # 5. After the object and its inlines are saved

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        freshness_admin.confirm_reviewed(self, request, form)
        children = [inline_form.instance for formset in formsets for inline_form in formset.forms]
        warn_about_variants(request, [form.instance, *(child for child in children if child.pk)])
        if self.asks_what_changed:
            change_notes_admin.record_change(self, request, form)

    # History: restoring is the Editors'

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not can_restore(request.user, self.model):
            raise PermissionDenied
        # The form shows the old version, which carries its old count: it must post the
        # count stored now, or its save would look like a save over someone else's.
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


def _without(fields, names) -> tuple:
    kept = (_without(row, names) if isinstance(row, (list, tuple)) else row for row in fields)
    return tuple(row for row in kept if row not in names and row != ())


class TextOnlyInline:
    """An inline (steps, required documents, contacts) with clean text, whose untranslated
    fields are read-only for Translators, like its parent's."""

    form = ContentForm

    def get_readonly_fields(self, request, obj=None):
        return role_readonly_fields(request, self.model, super().get_readonly_fields(request, obj))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return usable_values_only(super().formfield_for_dbfield(db_field, request, **kwargs))


def role_readonly_fields(request, model, readonly) -> tuple[str, ...]:
    """`readonly` plus what this user's role may not change on `model`."""
    readonly = tuple(readonly)
    if text_only(request.user, model):
        readonly += tuple(name for name in untranslated_fields(model) if name not in readonly)
    elif not can_publish(request.user, model):
        readonly += tuple(name for name in PUBLISHING_FIELDS if hasattr(model, name) and name not in readonly)
    return readonly


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
