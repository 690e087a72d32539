"""Translation freshness in the admin (the rules: editorial/freshness.py).

A change form lists the texts of its object and of its inlines (steps, required
documents, contacts) that need review, per field and language, each with the change to
the newest text as a word-level diff; ticking "still matches" on any number of them and
saving clears them all with one cache invalidation. Translators may: confirming is
saying something about a text, not changing status or structure. The save's steps
call these in order (editorial/content_admin.py).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.contrib import messages
from django.db import models
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editorial import freshness, registry
from editorial.content_forms import REVIEW_FIELD
from editorial.models import OutdatedText

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


def review_parts(admin, request, obj) -> list[tuple[str, models.Model]]:
    """The object and the children its inlines edit, each with how the form names it."""
    parts: list[tuple[str, models.Model]] = [("", obj)]
    for inline in admin.get_inline_instances(request, obj):
        if not (registry.is_content(inline.model) and registry.get(inline.model).translated):
            continue
        key = parent_key(inline.model, type(obj), inline.fk_name)
        children = inline.model._default_manager.filter(**{key: obj})
        name = capfirst(inline.model._meta.verbose_name)
        parts += [(f"{name} {number} “{child}”", child) for number, child in enumerate(children, start=1)]
    return parts


def parent_key(model, parent, fk_name: str | None) -> str:
    """The name of `model`'s foreign key to `parent`: the inline's `fk_name`, or the one
    there is (Django's admin checks refuse an inline with none or several)."""
    if fk_name:
        return fk_name
    return next(field.name for field in model._meta.fields if field.many_to_one and field.related_model is parent)


def reviews(admin, request, obj) -> list[tuple[str, str]]:
    """(key, label) of each text to review on this form; read once per request."""
    if obj is None or obj.pk is None:
        return []
    memo = request.__dict__.setdefault("_freshness_reviews", {})
    if (type(obj), obj.pk) not in memo:
        parts = review_parts(admin, request, obj)
        by_object = {(child._meta.label_lower, child.pk): (part, child) for part, child in parts}
        choices = []
        for flag in freshness.flags_of(child for _part, child in parts):
            part, child = by_object[(flag.model, flag.object_id)]
            choices.append((freshness.key_of(flag), review_label(part=part, obj=child, flag=flag)))
        memo[(type(obj), obj.pk)] = choices
    return memo[(type(obj), obj.pk)]


def review_fieldset() -> tuple[str, dict]:
    """The change form's first fieldset when there are texts to review."""
    description = _(
        "Another language's text of these fields changed after this one was written. Update the text, "
        "or tick the ones that still say the same as the newest text and save."
    )
    return (_("Texts to review"), {"fields": (REVIEW_FIELD,), "description": description})


def confirm_reviewed(admin, request, form) -> None:
    """Clear the flags of the texts the editor ticked as still matching, with one message."""
    keys = form.cleaned_data.get(REVIEW_FIELD) or ()
    shown = [child for _part, child in review_parts(admin, request, form.instance)] if keys else []
    if confirmed := freshness.confirm(keys=keys, of=shown):
        admin.message_user(
            request,
            ngettext(
                "%(count)d text confirmed as matching the newest text.",
                "%(count)d texts confirmed as matching the newest text.",
                confirmed,
            )
            % {"count": confirmed},
            messages.SUCCESS,
        )
