"""Frequently asked questions, grouped by category."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config import languages
from editorial.models import PublishableQuerySet, Revisioned, Status, Verifiable


class Category(Revisioned, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")

    def __str__(self) -> str:
        return self.name or self.slug


class Entry(Revisioned, Verifiable):
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries")
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("The answer's anchor on the FAQ page."))
    question = models.CharField(_("question"), max_length=300, blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("Markdown: **bold**, lists, [links](https://…)."))
    search_keywords = models.TextField(
        _("search keywords"), blank=True, help_text=_("Words people type to find this answer, separated by commas.")
    )
    operator = models.ForeignKey(
        "operators.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    procedure = models.ForeignKey(
        "guides.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sources = models.ManyToManyField("guides.Source", verbose_name=_("sources"), blank=True, related_name="faq_entries")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    change_notes = GenericRelation("editorial.ChangeNote")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        permissions = [("publish_entry", _("Can publish FAQ entries and mark them verified"))]

    def __str__(self) -> str:
        return self.question or self.slug

    def get_absolute_url(self) -> str:
        return f"{reverse('faq:index')}#{self.slug}"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_published

    def clean(self) -> None:
        errors = self.verification_errors()
        if self.status == Status.PUBLISHED:
            for field in ("question", "answer"):
                if not any(getattr(self, languages.field_name(field, code), "") for code in languages.CODES):
                    errors.setdefault(field, []).append(_("A published entry needs this in at least one language."))
        if self.procedure_id and self.operator_id and self.procedure.operator_id != self.operator_id:
            errors.setdefault("procedure", []).append(_("This procedure belongs to another operator."))
        if errors:
            raise ValidationError(errors)
