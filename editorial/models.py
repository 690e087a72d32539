"""What every kind of content is made of: a status, a revision counter for edit locking,
a verification date; and editorial's two tables: the texts to review (`OutdatedText`) and
the dated change notes readers see as "Last updated" (`ChangeNote`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.text import columns_for


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class TextQuerySet(models.QuerySet):
    def in_language(self, code: str, *related: str):
        """These objects, and their select_related paths `related`, loading texts in `code`
        and its fallbacks only (editorial.text.columns_for)."""
        fields = list(columns_for(self.model, code))
        for path in related:
            model = self.model
            for part in path.split("__"):
                model = model._meta.get_field(part).related_model
            fields += columns_for(model, code, f"{path}__")
        # select_related() without arguments would follow every foreign key.
        queryset = self.select_related(*related) if related else self
        return queryset.only(*fields)


def choice_order(field: str, choices: type[models.Choices]) -> models.Case:
    """Sorts by the position of `field`'s value among `choices` (in SQL)."""
    return models.Case(
        *(models.When(**{field: value}, then=models.Value(index)) for index, value in enumerate(choices.values)),
        default=models.Value(len(choices.values)),
        output_field=models.IntegerField(),
    )


class VerifiableQuerySet(TextQuerySet):
    """The one definition of verified, never verified and stale (older than STALE_AFTER_DAYS)."""

    def verified(self):
        return self.filter(verified_on__isnull=False)

    def never_verified(self):
        return self.filter(verified_on__isnull=True)

    def stale(self, *, today=None):
        cutoff = (today or timezone.localdate()) - timedelta(days=settings.STALE_AFTER_DAYS)
        return self.filter(verified_on__lt=cutoff)


class PublishableQuerySet(VerifiableQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)


class Revisioned(models.Model):
    """A counter bumped by every save, so an editor's form can tell that someone else
    saved the object after it was opened (optimistic locking in the admin)."""

    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)


def count_revision_up(sender, instance, raw=False, using=None, **kwargs) -> None:
    """The counter never goes down: a save writes one more than the stored count (or the
    one the object carries, if higher). A pre_save receiver, not save(): a restore from
    history and the recovery of a deleted object write the old object as it was recorded
    (a raw save that skips save()); they keep the higher of the stored and the recorded
    count, and the restore form's own save then counts up from there."""
    if not isinstance(instance, Revisioned) or instance.pk is None:
        return
    stored = sender._base_manager.using(using).filter(pk=instance.pk).values_list("revision", flat=True).first()
    if raw:
        instance.revision = max(instance.revision, stored or 0)
    elif stored is not None:
        instance.revision = max(instance.revision, stored) + 1


class Verifiable(models.Model):
    """Facts a person has checked against the operator's or the state's own page.

    Content shipped with the code is never verified: only an editor sets these.
    """

    verified_on = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_("The day a person checked this against the operator's or the state's own page."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verified_on is not None

    def verification_errors(self) -> dict[str, list]:
        if self.verified_by_id and not self.verified_on:
            return {"verified_on": [_("Give the date on which the person verified it.")]}
        return {}

    def clean(self) -> None:
        super().clean()
        if errors := self.verification_errors():
            raise ValidationError(errors)


class OutdatedText(models.Model):
    """One text that needs review: `language`'s text of `field` on one content object is
    older than the same field's text in `newest_language`, saved at `since`.

    The rules that make and clear these rows are in editorial/freshness.py. The object is
    named by its model's label and pk rather than a contenttypes key: the public pages read
    these rows, and a ContentType lookup costs a query per model in each new process.
    """

    model = models.CharField(_("model"), max_length=100)  # label_lower, e.g. "guides.step"
    object_id = models.PositiveBigIntegerField(_("object"))
    field = models.CharField(_("field"), max_length=64)  # the translated field, e.g. "body"
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    newest_language = models.CharField(_("newest language"), max_length=16, choices=settings.LANGUAGES)
    since = models.DateTimeField(_("newest text saved at"))
    # The newest language's text as it was when `language` last said the same, for the diff.
    newest_before = models.TextField(_("newest text before the change"), blank=True)

    class Meta:
        verbose_name = _("text needing review")
        verbose_name_plural = _("texts needing review")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id", "field", "language"], name="one_review_per_text"),
        ]

    def __str__(self) -> str:
        return f"{self.model}:{self.object_id}#{self.field} ({self.language} < {self.newest_language})"


# How long a change note may be, in every language (a feed carries 50 of them).
NOTE_MAX_CHARS = 600


class ChangeNote(Revisioned, models.Model):
    """A dated change a reader should know about, on a procedure, an FAQ entry or an
    operator: when it was first published, and each major change with a short note.

    Minor changes (wording, typos) leave no note and don't move the "Last updated" date.
    The subject is any content object (a generic relation, so this bottom layer names no
    domain model); each domain model that shows "Last updated" has a GenericRelation to
    it, so its notes go when it is deleted.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("First published")
        MAJOR = "major", _("Major change")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of page"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MAJOR)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=NOTE_MAX_CHARS,
        # A TextField's max_length only sizes the admin's textarea: the validator holds the
        # limit for every way a note comes in (the PO import, load_content).
        validators=[MaxLengthValidator(NOTE_MAX_CHARS)],
        help_text=_("What changed for the reader, in a sentence or two: what they must now do or bring."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        indexes = [models.Index(fields=["content_type", "object_id", "changed_on"], name="change_note_subject")]

    def __str__(self) -> str:
        return f"{self.changed_on} {self.get_kind_display()}"

    @property
    def is_first_publication(self) -> bool:
        return self.kind == self.Kind.PUBLISHED
