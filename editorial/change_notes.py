"""Dated change notes: what a reader sees as "Last updated" and on a page's updates.

A page's date is that of its last *major* change, or of its first publication when it
has had none; minor changes (wording, typos) leave no note. The notes are recorded by
the admin (an Editor says major or minor when saving), by `load_content` (from the
`changes:` the content files list) and, for objects made before notes existed, by a
migration from their history (`backfill_first_published`).

Domain models that carry notes declare a GenericRelation named `change_notes`; this
module reaches them only through the content type, so it names no domain model.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from config import languages
from editorial.models import ChangeNote

# Notes per feed or updates list: enough for a year of changes, few enough to stay small.
LATEST_LIMIT = 50


def of_model(model: type[models.Model]) -> models.Q:
    """Notes about objects of `model`, named through the content type's join (no lookup
    query of its own, so a page's query count is the same in a cold process)."""
    return models.Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)


def last_updated(model: type[models.Model], pk_field: str = "pk") -> Subquery:
    """The date of the newest note of each `model` row whose pk is the outer query's
    `pk_field`: one column of the page's own query, not a query per object."""
    notes = ChangeNote.objects.filter(of_model(model), object_id=OuterRef(pk_field))
    return Subquery(notes.order_by("-changed_on").values("changed_on")[:1], output_field=models.DateField())


def with_last_updated(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` with each row's `last_updated` date (None before its first note)."""
    return queryset.annotate(last_updated=last_updated(queryset.model))


def newest(*dates: datetime.date | None) -> datetime.date | None:
    known = [date for date in dates if date is not None]
    return max(known) if known else None


def record_first_publication(subject: models.Model, *, on: datetime.date | None = None) -> ChangeNote | None:
    """Note the day `subject` was first published, unless it already has that note."""
    content_type = ContentType.objects.get_for_model(subject)
    notes = ChangeNote.objects.filter(content_type=content_type, object_id=subject.pk)
    if notes.filter(kind=ChangeNote.Kind.PUBLISHED).exists():
        return None
    return ChangeNote.objects.create(
        content_type=content_type,
        object_id=subject.pk,
        kind=ChangeNote.Kind.PUBLISHED,
        changed_on=on or timezone.localdate(),
    )


def record_major_change(
    subject: models.Model, *, notes: Mapping[str, str], on: datetime.date | None = None
) -> ChangeNote:
    """Note a major change of `subject`; `notes` maps language codes to the note's text
    (the languages not given are left for the Translators)."""
    change = ChangeNote(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind=ChangeNote.Kind.MAJOR,
        changed_on=on or timezone.localdate(),
    )
    for code, text in notes.items():
        setattr(change, languages.field_name("note", code), text.strip())
    change.full_clean()
    change.save()
    return change
