"""Translation freshness: which language of a text is the newest, and which need review.

Each translated field of a content object (a step's body, a procedure's title) has four
texts. Freshness has a direction, so flags never ping-pong between languages:

- A save that changes language X's text of a field, where X was *not* flagged for that
  field, makes X the newest text; every other language of the field that the same save
  did not change, and that has a text, becomes *needs review* (an `OutdatedText` row).
  If that language was already flagged, the row keeps the newest text as it was when
  the language last said the same (for the diff), as long as the newest language is the
  same one; otherwise the diff starts from this save.
- A save that changes a flagged language (a translator catching up) clears that flag
  and flags nothing.
- Several languages changed in one save clear or lead together: the languages changed
  are never flagged by it; the first of them in `languages.CODES` order that was not
  flagged is named the newest.
- Filling in an empty text (a missing translation) is not a change of the text others
  translate: it clears the language's flag, if any, and flags nothing. An empty text is
  never flagged either — it is *missing*, which editorial/completeness.py reports.
- A new object flags nothing, and neither does a save that changes every language that
  has a text (the content loader shipping a text in four languages): shipped content
  starts consistent. Deleting an object deletes its flags.

A Translator clears flags by updating the text, or by confirming that it still matches
the newest one (`confirm`: many at once, one cache invalidation).

The hooks are a pre_save/post_save pair for every registered content model, so every way
text changes goes through them: admin change forms and inlines, restores from history
(django-reversion's revert saves raw, then the admin saves the form), the translators'
PO import and `load_content`. A save costs one extra query (its texts before the save),
and a few more only when a text changed. The rows are not content: writing them does
not invalidate the cache; the content save that wrote them already does, once per
transaction (serving/versions.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from config import languages
from editorial import registry
from editorial.models import OutdatedText
from serving import versions

# Texts readers never see on a page: their flags don't make a page's notice.
HIDDEN_FIELDS = ("search_keywords",)
_BEFORE = "_freshness_texts_before"


def _text(value) -> str:
    return (value or "").strip()


def _columns(model: type[models.Model]) -> dict[str, dict[str, str]]:
    """field → language → column, for the translated fields of a content model."""
    if not registry.is_content(model):
        return {}
    return {
        name: {code: languages.field_name(name, code) for code in languages.CODES}
        for name in registry.get(model).translated
    }


# -- The rule, applied on every save -----------------------------------------------------


def _remember_texts(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save: the object's texts as the database holds them, before this save."""
    instance.__dict__.pop(_BEFORE, None)
    fields = _columns(sender)
    if not fields or instance.pk is None:
        return
    columns = [column for by_code in fields.values() for column in by_code.values()]
    if update_fields is not None:
        columns = [column for column in columns if column in update_fields]
    if columns:
        instance.__dict__[_BEFORE] = sender._base_manager.filter(pk=instance.pk).values(*columns).first()


def _texts_saved(sender, instance, created=False, **kwargs) -> None:
    """post_save: apply the direction rule to the texts this save changed."""
    before = instance.__dict__.pop(_BEFORE, None)
    if created or not before:
        return
    changes: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for name, by_code in _columns(sender).items():
        new = {code: _text(getattr(instance, column)) for code, column in by_code.items()}
        old = {code: _text(before[column]) if column in before else new[code] for code, column in by_code.items()}
        if old != new:
            changes[name] = (old, new)
    if changes:
        record_changes(instance, changes)


def record_changes(obj: models.Model, changes: dict[str, tuple[dict[str, str], dict[str, str]]]) -> None:
    """Flag and clear for one saved object: `changes` maps each changed field to its texts
    (language → text) before and after the save."""
    label = obj._meta.label_lower
    existing = {
        (flag.field, flag.language): flag
        for flag in OutdatedText.objects.filter(model=label, object_id=obj.pk, field__in=list(changes))
    }
    now = timezone.now()
    cleared, created, updated = [], [], []
    for name, (old, new) in changes.items():
        changed = [code for code in languages.CODES if old[code] != new[code]]
        flagged = {code for (field, code) in existing if field == name}
        cleared += [existing[(name, code)].pk for code in changed if code in flagged]
        # Only an edit of a text others translate, in a language that was current, leads.
        leaders = [code for code in changed if old[code] and code not in flagged]
        if not leaders:
            continue
        newest = leaders[0]
        for code in languages.CODES:
            if code in changed or not new[code]:
                continue
            flag = existing.get((name, code))
            if flag is None:
                created.append(
                    OutdatedText(
                        model=label,
                        object_id=obj.pk,
                        field=name,
                        language=code,
                        newest_language=newest,
                        since=now,
                        newest_before=old[newest],
                    )
                )
                continue
            if flag.newest_language != newest:
                flag.newest_language, flag.newest_before = newest, old[newest]
            flag.since = now
            updated.append(flag)
    if cleared:
        OutdatedText.objects.filter(pk__in=cleared).delete()
    if created:
        OutdatedText.objects.bulk_create(created)
    if updated:
        OutdatedText.objects.bulk_update(updated, ["newest_language", "newest_before", "since"])


def _object_deleted(sender, instance, **kwargs) -> None:
    if _columns(sender):
        OutdatedText.objects.filter(model=sender._meta.label_lower, object_id=instance.pk).delete()


def connect() -> None:
    """Connected once for every sender: apps register their models after this layer."""
    from django.db.models.signals import post_delete, post_save, pre_save

    pre_save.connect(_remember_texts, dispatch_uid="freshness-before-save")
    post_save.connect(_texts_saved, dispatch_uid="freshness-after-save")
    post_delete.connect(_object_deleted, dispatch_uid="freshness-after-delete")


# -- Reading the flags ---------------------------------------------------------------------


Shown = models.Model | tuple[models.Model, tuple[str, ...]]


def _objects_query(objects: Iterable[Shown]) -> Q | None:
    """Rows of these objects; an item (object, fields) counts those fields only."""
    pks: dict[str, set[int]] = defaultdict(set)
    query = Q(pk__in=[])
    for item in objects:
        obj, fields = item if isinstance(item, tuple) else (item, None)
        if obj is None or obj.pk is None:
            continue
        if fields is None:
            pks[obj._meta.label_lower].add(obj.pk)
        else:
            query |= Q(model=obj._meta.label_lower, object_id=obj.pk, field__in=fields)
    for label, ids in pks.items():
        query |= Q(model=label, object_id__in=sorted(ids))
    return None if query == Q(pk__in=[]) else query


def flags_of(objects: Iterable[models.Model]) -> list[OutdatedText]:
    """Every flag of these objects, in one query."""
    query = _objects_query(objects)
    if query is None:
        return []
    return list(OutdatedText.objects.filter(query).order_by("model", "object_id", "field", "language"))


def flags_in(code: str) -> dict[tuple[str, int, str], OutdatedText]:
    """Every flag of language `code`, by (model label, object id, field), in one query."""
    return {(flag.model, flag.object_id, flag.field): flag for flag in OutdatedText.objects.filter(language=code)}


def newest_text(obj: models.Model, flag: OutdatedText) -> str:
    return getattr(obj, languages.field_name(flag.field, flag.newest_language)) or ""


# -- Confirming that a text still matches ------------------------------------------------


def key_of(flag: OutdatedText) -> str:
    """Names a flag as it is now: a confirmation of it is void once the newest text changes
    again (the same row then carries a later `since`)."""
    return f"{flag.pk}@{flag.since.isoformat()}"


def _parse_key(key: str) -> tuple[int, datetime] | None:
    pk, _at, since = key.partition("@")
    try:
        return int(pk), datetime.fromisoformat(since)
    except ValueError:
        return None


def confirm(*, keys: Iterable[str], of: Iterable[models.Model] | None = None) -> int:
    """Clear the flags named by `keys` (`key_of`) that are still as they were shown: the
    translator says these texts still match the newest ones. With `of`, only flags of
    those objects (the ones a form shows): a key is what a browser posts, and a crafted
    one must not clear another object's flag. One cache invalidation, however many.
    Returns how many flags were cleared."""
    pairs = [pair for key in keys if (pair := _parse_key(key))]
    if not pairs:
        return 0
    query = Q(pk__in=[])
    for pk, since in pairs:
        query |= Q(pk=pk, since=since)
    flags = OutdatedText.objects.filter(query)
    if of is not None:
        shown = _objects_query(of)
        if shown is None:
            return 0
        flags = flags.filter(shown)
    deleted, _by_model = flags.delete()
    if deleted:
        versions.invalidate()
    return deleted


# -- What a reader of an outdated language sees ------------------------------------------

_UPDATED_IN = {
    "zh-hans": _(
        "Parts of this page were updated in Chinese on %(date)s. The English version may not include these changes yet."
    ),
    "ru": _(
        "Parts of this page were updated in Russian on %(date)s. The English version may not include these changes yet."
    ),
    "kk": _(
        "Parts of this page were updated in Kazakh on %(date)s. The English version may not include these changes yet."
    ),
    "en": _("Parts of this page were updated in English on %(date)s. This version may not include these changes yet."),
}
_READ_IN = {
    "zh-hans": _("Read the Chinese version"),
    "ru": _("Read the Russian version"),
    "kk": _("Read the Kazakh version"),
    "en": _("Read the English version"),
}
assert set(_UPDATED_IN) == set(_READ_IN) == set(languages.CODES)


@dataclass(frozen=True)
class Notice:
    """A page's texts in `code` are older than their `language` version, saved at `since`."""

    code: str
    language: str
    since: datetime

    @property
    def message(self) -> str:
        date = formats.date_format(timezone.localtime(self.since).date(), "DATE_FORMAT")
        return _UPDATED_IN[self.language] % {"date": date}

    @property
    def link_text(self) -> str:
        return str(_READ_IN[self.language])


def notice(*, objects: Iterable[Shown], code: str) -> Notice | None:
    """The notice for a page in `code` that shows these objects' texts (an item (object,
    fields): only those fields of it), or None when none of them is outdated in `code`.
    One query, however many objects; it names the newest change."""
    query = _objects_query(objects)
    if query is None:
        return None
    flag = (
        OutdatedText.objects.filter(query, language=code)
        .exclude(field__in=HIDDEN_FIELDS)
        .order_by("-since")
        .only("newest_language", "since")
        .first()
    )
    return Notice(code=code, language=flag.newest_language, since=flag.since) if flag else None


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])
