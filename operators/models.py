"""Operators: the brands people know, and the companies behind them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.models import Revisioned, Verifiable, VerifiableQuerySet


class Company(Revisioned, models.Model):
    """The legal entity behind one or more brands (Kcell JSC runs Kcell and activ)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("legal name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    sources = models.ManyToManyField("guides.Source", verbose_name=_("sources"), blank=True, related_name="+")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name or self.slug


class OperatorQuerySet(VerifiableQuerySet):
    def active(self):
        return self.filter(active=True)


class Operator(Revisioned, Verifiable):
    """A brand people know. Its contacts are facts: they carry sources and a verified date."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("brand name"), max_length=100)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operators",
        help_text=_("Leave empty while the owner is not confirmed."),
    )
    summary = models.TextField(_("summary"), blank=True)
    website = models.URLField(_("website"), blank=True)
    office_finder_url = models.URLField(_("office finder"), blank=True)
    support_short = models.CharField(_("short support number"), max_length=30, blank=True)
    support_full = models.CharField(_("full support number"), max_length=30, blank=True)
    support_abroad = models.CharField(_("support number from abroad"), max_length=30, blank=True)
    ussd_codes = models.TextField(_("USSD codes"), blank=True, help_text=_("One per line: code — what it does."))
    app_name = models.CharField(_("app name"), max_length=100, blank=True)
    hours_note = models.CharField(_("opening hours"), max_length=300, blank=True)
    contacts_note = models.TextField(
        _("note on contacts"), blank=True, help_text=_("What is not confirmed yet, or what to ask the operator.")
    )
    search_keywords = models.TextField(
        _("search keywords"), blank=True, help_text=_("Words people type to find this page, separated by commas.")
    )
    sources = models.ManyToManyField("guides.Source", verbose_name=_("sources"), blank=True, related_name="operators")
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        permissions = [("verify_operator", _("Can mark operator contacts verified"))]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="operator_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | Q(verified_on__isnull=False),
                name="operator_verified_by_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("operators:detail", kwargs={"operator": self.slug})

    def clean(self) -> None:
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": _("Give the brand name people know.")})
