"""Translation freshness in the admin (the rules: editorial/freshness.py).

A change form lists the texts of its object and of its inlines (steps, required
documents, contacts) that need review, per field and language, each with the change to
the newest text as a word-level diff; ticking "still matches" on any number of them and
saving clears them all with one cache invalidation. Translators may: confirming is
saying something about a text, not changing status or structure.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django import forms
from django.contrib import messages
from django.db import models
from django.forms.models import _get_foreign_key
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editorial import freshness, registry
from editorial.models import OutdatedText

REVIEW_FIELD = "texts_still_current"


class ReviewChoices(forms.MultipleChoiceField):
    """Accepts a confirmation of a flag that changed since the form was shown, so the save
    goes through; `freshness.confirm` then leaves that flag as it is."""

    def valid_value(self, value) -> bool:
        return True


_WORDS = re.compile(r"\s+|\S+")


def word_diff(before: str, after: str) -> SafeString:
    """`before` → `after`, word by word: removed words in <del>, added ones in <ins>, all
    of it escaped."""
    old, new = _WORDS.findall(before or ""), _WORDS.findall(after or "")
    parts = []
    for operation, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new[j1:j2])))
    return mark_safe("".join(parts))


def review_label(*, part: str, obj: models.Model, flag: OutdatedText) -> SafeString:
    """What one checkbox says: which text, in which language, and what changed in the newest."""
    field = capfirst(obj._meta.get_field(flag.field).verbose_name)
    where = f"{part}: {field}" if part else str(field)
    changed = _("%(outdated)s: to review. Newest text: %(newest)s, saved %(date)s") % {
        "outdated": freshness.language_name(flag.language),
        "newest": freshness.language_name(flag.newest_language),
        "date": formats.date_format(timezone.localtime(flag.since), "DATETIME_FORMAT"),
    }
    return format_html(
        '<strong>{}</strong> — {}:<br><span class="freshness-diff" lang="{}">{}</span>',
        where,
        changed,
        flag.newest_language,
        word_diff(flag.newest_before, freshness.newest_text(obj, flag)),
    )


class ReviewAdmin:
    """The "texts to review" part of a change form, for any content admin."""

    def review_parts(self, request, obj) -> list[tuple[str, models.Model]]:
        """The object and the children its inlines edit, each with how the form names it."""
        parts: list[tuple[str, models.Model]] = [("", obj)]
        for inline in self.get_inline_instances(request, obj):
            if not (registry.is_content(inline.model) and registry.get(inline.model).translated):
                continue
            key = _get_foreign_key(type(obj), inline.model, fk_name=inline.fk_name)
            children = inline.model._default_manager.filter(**{key.name: obj})
            name = capfirst(inline.model._meta.verbose_name)
            parts += [(f"{name} {number} “{child}”", child) for number, child in enumerate(children, start=1)]
        return parts

    def reviews(self, request, obj) -> list[tuple[str, str]]:
        """(key, label) of each text to review on this form; read once per request."""
        if obj is None or obj.pk is None:
            return []
        memo = request.__dict__.setdefault("_freshness_reviews", {})
        if (type(obj), obj.pk) not in memo:
            parts = self.review_parts(request, obj)
            by_object = {(child._meta.label_lower, child.pk): (part, child) for part, child in parts}
            choices = []
            for flag in freshness.flags_of(child for _part, child in parts):
                part, child = by_object[(flag.model, flag.object_id)]
                choices.append((freshness.key_of(flag), review_label(part=part, obj=child, flag=flag)))
            memo[(type(obj), obj.pk)] = choices
        return memo[(type(obj), obj.pk)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.reviews(request, obj):
            return fieldsets
        description = _(
            "Another language's text of these fields changed after this one was written. Update the text, "
            "or tick the ones that still say the same as the newest text and save."
        )
        return [(_("Texts to review"), {"fields": (REVIEW_FIELD,), "description": description}), *fieldsets]

    def get_form(self, request, obj=None, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != REVIEW_FIELD]
        form = super().get_form(request, obj, **kwargs)
        choices = self.reviews(request, obj)
        if not choices:
            return form
        field = ReviewChoices(
            label=_("Still matches the newest text"),
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        return type(form.__name__, (form,), {REVIEW_FIELD: field})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        keys = form.cleaned_data.get(REVIEW_FIELD) or ()
        shown = [child for _part, child in self.review_parts(request, form.instance)] if keys else []
        if confirmed := freshness.confirm(keys=keys, of=shown):
            self.message_user(
                request,
                ngettext(
                    "%(count)d text confirmed as matching the newest text.",
                    "%(count)d texts confirmed as matching the newest text.",
                    confirmed,
                )
                % {"count": confirmed},
                messages.SUCCESS,
            )
