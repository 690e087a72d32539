"""Procedures and what they are made of: steps, required documents, sources."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config import languages
from editorial.links import LANGUAGE_CHOICES, add_link_fields, localized_link
from editorial.models import PublishableQuerySet, Revisioned, Status, TextQuerySet, Verifiable, choice_order
from guides import reserved_slugs


class Source(Revisioned, models.Model):
    """A public page a fact was taken from.

    `url` names it (the content files refer to a source by it) and is the page that was
    read; `language` is that page's language. Where the publisher has the same page in
    other languages, ``link_<language>`` holds it, and visitors are sent to the one in
    their language (editorial.links)."""

    url = models.URLField(_("address"), max_length=500, unique=True)
    language = models.CharField(
        _("language of the page"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language of the page at the address above; empty if it is in another language."),
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    accessed_on = models.DateField(_("accessed on"), null=True, blank=True)

    objects = TextQuerySet.as_manager()

    class Meta:
        ordering = ["publisher", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def localized_link(self, code: str | None = None):
        """The page in the visitor's language where the publisher has one (editorial.links)."""
        return localized_link(self, default=self.url, default_lang=self.language, code=code)


add_link_fields(
    Source,
    verbose_name=_("same page"),
    help_text=_("The publisher's own page in this language, if it has one; empty: the address above."),
)


class Document(Revisioned, models.Model):
    """A kind of paper people bring: passport, ID card, SIM card, power of attorney..."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name or self.slug


class ProcedureQuerySet(PublishableQuerySet):
    def for_visitors(self):
        """Published, in the order people need them: by kind (cancel first), then channel,
        in the order of their choices, then the editor's order."""
        return self.published().order_by(
            choice_order("kind", Procedure.Kind), choice_order("channel", Procedure.Channel), "order", "pk"
        )


class Procedure(Revisioned, Verifiable):
    class Kind(models.TextChoices):
        CANCEL = "cancel", _("Cancel the number")
        SUSPEND = "suspend", _("Suspend the number")
        BLOCK_LOST = "block_lost", _("Block a lost or stolen SIM")
        REPLACE_SIM = "replace_sim", _("Replace the SIM card")
        PORT_IN = "port_in", _("Bring your number to this operator")
        RE_REGISTER = "re_register", _("Re-register the number to another person")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online or in the app")
        PHONE = "phone", _("By phone")

    operator = models.ForeignKey(
        "operators.Operator",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("ASCII letters, digits and hyphens; shared by all languages."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    eligibility = models.TextField(
        _("who may do it"), blank=True, help_text=_("The holder, a representative with a power of attorney, ...")
    )
    duration_note = models.CharField(_("how long it takes"), max_length=300, blank=True)
    cost_note = models.CharField(_("what it costs"), max_length=300, blank=True)
    search_keywords = models.TextField(
        _("search keywords"),
        blank=True,
        help_text=_("Words people type to find this page, separated by commas."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="procedures")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    change_notes = GenericRelation("editorial.ChangeNote")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["operator__order", "order", "kind", "channel", "pk"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        permissions = [("publish_procedure", _("Can publish procedures and mark them verified"))]
        constraints = [
            models.UniqueConstraint(fields=["operator", "slug"], name="procedure_slug_unique_per_operator"),
            # The segments other pages hold under an operator (guides/reserved_slugs.py).
            models.CheckConstraint(
                condition=~Q(slug__in=reserved_slugs.IN_THE_DATABASE), name="procedure_slug_not_reserved"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="procedure_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | Q(verified_on__isnull=False),
                name="procedure_verified_by_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} — {self.title or self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("guides:procedure", kwargs={"operator": self.operator.slug, "procedure": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        """Whether visitors see it (and so whether its changes are noted for them)."""
        return self.is_published and self.operator.active

    def clean(self) -> None:
        errors = self.verification_errors()
        if self.slug in reserved_slugs.reserved():
            errors.setdefault("slug", []).append(
                _(
                    "“%(slug)s” is reserved for a page of the operator (its print sheet or its updates); "
                    "choose another slug."
                )
                % {"slug": self.slug}
            )
        if self.status == Status.PUBLISHED and not any(
            getattr(self, languages.field_name("title", code), "") for code in languages.CODES
        ):
            errors.setdefault("title", []).append(_("A published procedure needs a title in at least one language."))
        if errors:
            raise ValidationError(errors)


class Step(models.Model):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: **bold**, lists, [links](https://…)."))

    objects = TextQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title or f"{self.order}"


class RequiredDocument(models.Model):
    class Audience(models.TextChoices):
        ANY = "any", _("Everyone")
        CITIZEN = "citizen", _("Citizens of Kazakhstan")
        FOREIGN = "foreign", _("Foreign nationals")
        REPRESENTATIVE = "representative", _("A representative acting for the holder")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="required_by"
    )
    audience = models.CharField(_("who it applies to"), max_length=20, choices=Audience.choices, default=Audience.ANY)
    optional = models.BooleanField(_("optional"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TextQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "document", "audience"], name="required_document_once_per_audience"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_audience_display()})"


class LoadedContent(models.Model):
    """What `load_content` last wrote for one shipped object, so a later run can tell an
    editor's change (keep it) from an untouched object (update it to the new shipped text)."""

    key = models.CharField(max_length=300, unique=True)
    data = models.JSONField()
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("loaded content record")
        verbose_name_plural = _("loaded content records")

    def __str__(self) -> str:
        return self.key
