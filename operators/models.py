"""Operators: the brands people know, and the companies behind them."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.links import add_link_fields, localized_link
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

    def with_contacts(self):
        """Prefetches each operator's contacts and their sources (two queries)."""
        return self.prefetch_related(models.Prefetch("contacts", queryset=Contact.objects.prefetch_related("sources")))


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
    ussd_codes = models.TextField(_("USSD codes"), blank=True, help_text=_("One per line: code — what it does."))
    hours_note = models.CharField(_("opening hours"), max_length=300, blank=True)
    contacts_note = models.TextField(
        _("note on contacts"), blank=True, help_text=_("What is not confirmed yet, or what to ask the operator.")
    )
    search_keywords = models.TextField(
        _("search keywords"), blank=True, help_text=_("Words people type to find this page, separated by commas.")
    )
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Every other name readers type for this operator, in any script, separated by commas "
            "(Кселл, 比莱恩). Search finds all of the operator's pages by any of them."
        ),
    )
    sources = models.ManyToManyField("guides.Source", verbose_name=_("sources"), blank=True, related_name="operators")
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    change_notes = GenericRelation("editorial.ChangeNote")

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

    @property
    def is_public(self) -> bool:
        return self.active

    @property
    def names(self) -> tuple[str, ...]:
        """The brand name, the slug and every other name readers type for it."""
        others = (name.strip() for name in self.aliases.replace("\n", ",").split(","))
        return tuple(dict.fromkeys(name for name in (self.name, self.slug, *others) if name))

    def clean(self) -> None:
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": _("Give the brand name people know.")})

    def localized_website(self, code: str | None = None):
        """The website in the visitor's language where the operator has one; else the
        address in `website`, whose language the site picks itself (editorial.links)."""
        return localized_link(self, default=self.website, code=code)


add_link_fields(
    Operator,
    verbose_name=_("website"),
    help_text=_("The operator's home page in this language, if it has one; empty: the website above."),
)


class Contact(Verifiable):
    """One way to reach an operator — a support number, the lost-SIM route, a page, the
    app — as a fact of its own: with the operator's own page it comes from and its own
    verified date, shown as unverified until an editor checks it."""

    class Kind(models.TextChoices):
        SUPPORT_OWN = "support_own", _("Support, from this operator's numbers")
        SUPPORT_OTHER = "support_other", _("Support, from other networks and landlines")
        SUPPORT_ABROAD = "support_abroad", _("Support, from abroad")
        LOST_SIM = "lost_sim", _("Block a lost or stolen SIM")
        CHAT = "chat", _("Chat or e-mail")
        CONTACTS_PAGE = "contacts_page", _("Contacts page")
        OFFICE_FINDER = "office_finder", _("Find an office")
        APP = "app", _("App")

    operator = models.ForeignKey(
        Operator, verbose_name=_("operator"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("number, code or address"),
        max_length=300,
        help_text=_("A phone number (+7 …), a USSD code (*…#), a web address on the operator's own site, an e-mail."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("When to use it, what it costs."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sources = models.ManyToManyField(
        "guides.Source",
        verbose_name=_("sources"),
        blank=True,
        related_name="contacts",
        help_text=_("The operator's own page this comes from."),
    )

    objects = VerifiableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | Q(verified_on__isnull=False),
                name="contact_verified_by_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def href(self) -> str:
        """The value as a link: tel: for numbers and USSD codes (# encoded), the address
        itself for a web page, mailto: for an e-mail; "" when it is a name (an app)."""
        value = self.value.strip()
        if value.startswith(("https://", "http://")):
            return value
        if "@" in value and " " not in value:
            return f"mailto:{value}"
        dialled = "".join(value.split()).replace("-", "")
        if dialled and all(character in "+0123456789*#" for character in dialled):
            return "tel:" + dialled.replace("#", "%23")
        return ""

    @property
    def is_web_page(self) -> bool:
        return self.href.startswith(("https://", "http://"))

    def localized_link(self, code: str | None = None):
        """For a web page: the page in the visitor's language where the operator has one;
        else the address itself (editorial.links). None for a number, an e-mail or an app."""
        if not self.is_web_page:
            return None
        return localized_link(self, default=self.href, code=code)


add_link_fields(
    Contact,
    verbose_name=_("same page"),
    help_text=_("For a web page: the operator's same page in this language, if it has one; empty: the address above."),
)
