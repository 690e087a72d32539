"""Which change notes readers see, and the page each one is about.

A note is public while its page is (a published procedure of an active operator, a
published FAQ entry, an active operator). Lists are bounded (LATEST_LIMIT), and each
is a constant number of queries: the notes, then their pages by kind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models

from editorial.change_notes import LATEST_LIMIT, last_updated, of_model
from editorial.models import ChangeNote, Status
from editorial.text import LocalizedText, current_language, localized
from faq.models import Entry
from guides.models import Procedure
from operators.models import Operator


@dataclass(frozen=True)
class Update:
    """One dated change as a reader sees it."""

    note: ChangeNote
    subject: models.Model

    @property
    def changed_on(self) -> datetime.date:
        return self.note.changed_on

    @property
    def is_first_publication(self) -> bool:
        return self.note.is_first_publication

    @property
    def text(self) -> LocalizedText:
        return localized(self.note, "note")

    @property
    def page_title(self) -> LocalizedText:
        if isinstance(self.subject, Procedure):
            return localized(self.subject, "title")
        if isinstance(self.subject, Entry):
            return localized(self.subject, "question")
        # A brand name is the same in every language.
        code = current_language()
        return LocalizedText(self.subject.name, code, code)

    @property
    def operator(self) -> Operator | None:
        return self.subject.operator if isinstance(self.subject, Procedure) else None

    def url(self) -> str:
        return self.subject.get_absolute_url()


def _subjects(code: str) -> list[models.QuerySet]:
    return [
        Procedure.objects.in_language(code, "operator"),
        Entry.objects.in_language(code),
        Operator.objects.all(),
    ]


def _updates(notes: models.QuerySet, code: str, limit: int = LATEST_LIMIT) -> list[Update]:
    notes = notes.order_by("-changed_on", "-pk").prefetch_related(GenericPrefetch("subject", _subjects(code)))
    return [Update(note, note.subject) for note in notes[:limit] if note.subject and note.subject.is_public]


def site_updates(code: str) -> list[Update]:
    """Every page's changes, newest first."""
    return _updates(ChangeNote.objects.filter(of_model(Procedure) | of_model(Entry) | of_model(Operator)), code)


def operator_updates(operator: Operator, code: str) -> list[Update]:
    """The operator's own changes (its contacts) and those of its procedures."""
    procedures = Procedure.objects.filter(operator=operator).values("pk")
    notes = ChangeNote.objects.filter(
        (of_model(Operator) & models.Q(object_id=operator.pk))
        | (of_model(Procedure) & models.Q(object_id__in=procedures))
    )
    return _updates(notes, code)


def procedure_updates(procedure: Procedure, code: str) -> list[Update]:
    notes = ChangeNote.objects.filter(of_model(Procedure) & models.Q(object_id=procedure.pk))
    return _updates(notes, code)


def operators_with_last_updated(queryset: models.QuerySet) -> models.QuerySet:
    """Operators annotated with the newest date of their own notes and of their public
    procedures' notes (the sitemap's lastmod), in the operators' query."""
    procedure_notes = ChangeNote.objects.filter(
        content_type__app_label=Procedure._meta.app_label,
        content_type__model=Procedure._meta.model_name,
        object_id__in=Procedure.objects.filter(
            operator=models.OuterRef(models.OuterRef("pk")), status=Status.PUBLISHED
        ).values("pk"),
    )
    newest_procedure = procedure_notes.order_by("-changed_on").values("changed_on")[:1]
    return queryset.annotate(
        own_last_updated=last_updated(Operator),
        procedures_last_updated=models.Subquery(newest_procedure, output_field=models.DateField()),
    )
