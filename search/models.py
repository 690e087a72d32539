"""What search keeps: counts of what readers searched for, and editors' best bets.

Both live apart from the content (as GOV.UK's search keeps best bets and its reports of
searches that found nothing): no flag on a page says it is pinned.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from search import keys


class SearchCount(models.Model):
    """How many searches for one query, on one day, in one language, and how many of them
    found nothing. Nothing about who searched is kept: no address, no cookie, no account;
    digits and e-mail addresses are masked before the query is stored (search.log)."""

    OTHER = ""  # the queries beyond a day's limit of distinct ones, counted together

    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    query = models.CharField(_("query"), max_length=200, blank=True)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    found_nothing = models.PositiveIntegerField(_("found nothing"), default=0)

    class Meta:
        verbose_name = _("search count")
        verbose_name_plural = _("search counts")
        ordering = ["-day", "-searches"]
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="one_count_per_query_day")]
        indexes = [models.Index(fields=["language", "day"], name="search_counts_by_language")]

    def __str__(self) -> str:
        return self.query or str(_("other queries"))


class BestBet(models.Model):
    """An editor's answer to one query in one language: a search whose words are the
    pinned query's words shows this page first."""

    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)
    query = models.CharField(_("query"), max_length=200, help_text=_("What readers type, as they type it."))
    words = models.CharField(
        _("normalised words"),
        max_length=400,
        editable=False,
        help_text=_("The query's words as search compares them: case folded, question words left out, sorted."),
    )
    procedure = models.ForeignKey(
        "guides.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    entry = models.ForeignKey(
        "faq.Entry", verbose_name=_("FAQ entry"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    operator = models.ForeignKey(
        "operators.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Among several pins for one query."))

    class Meta:
        verbose_name = _("best bet")
        verbose_name_plural = _("best bets")
        ordering = ["language", "words", "order", "pk"]
        indexes = [models.Index(fields=["language", "words"], name="best_bets_by_words")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(procedure__isnull=False, entry__isnull=True, operator__isnull=True)
                    | Q(procedure__isnull=True, entry__isnull=False, operator__isnull=True)
                    | Q(procedure__isnull=True, entry__isnull=True, operator__isnull=False)
                ),
                name="best_bet_pins_one_page",
                violation_error_message=_("Choose exactly one page: a procedure, an FAQ entry or an operator."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} → {self.page}"

    def save(self, *args, **kwargs) -> None:
        from search.analysis import query_words

        self.words = query_words(self.query, self.language)
        super().save(*args, **kwargs)

    @property
    def page(self):
        return self.procedure or self.entry or self.operator

    @property
    def page_key(self) -> str:
        """The page's key in the search index (search.documents.Page.key)."""
        if self.procedure_id:
            return keys.procedure(self.procedure.operator.slug, self.procedure.slug)
        if self.entry_id:
            return keys.faq(self.entry.slug)
        return keys.operator(self.operator.slug)

    def clean(self) -> None:
        from search.analysis import query_words

        super().clean()
        if self.query and not query_words(self.query, self.language):
            raise ValidationError({"query": _("The query has no words search could match.")})
