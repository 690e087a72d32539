"""The decision flow's wording: one translated record per node of the flow in code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import languages
from decide import flow
from editorial.models import Revisioned


class DecisionText(Revisioned, models.Model):
    """The wording of one node of the decision flow (decide/flow.py), keyed by its id
    in code: a question, an answer, an outcome or a note. Logic stays in code; editors
    change the words here without a deploy."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")
        OUTCOME = "outcome", _("Outcome")
        NOTE = "note", _("Note on the result page")

    key = models.CharField(
        _("key"),
        max_length=120,
        unique=True,
        help_text=_("The node's id in the code, e.g. “question:situation”. Don't change it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(
        _("text"),
        max_length=300,
        blank=True,
        help_text=_("The question; the answer's label; or the title of the outcome or note."),
    )
    hint = models.TextField(_("hint"), blank=True, help_text=_("Optional: a short explanation under the text."))
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Answers only: one sentence for the result page's “why” list."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Outcomes: what to do first. Notes: the advice. Markdown: **bold**, lists."),
    )
    after = models.TextField(
        _("what to do after"),
        blank=True,
        help_text=_("Outcomes only: what to do afterwards (unlink banks, eGov, messengers; keep the confirmation)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        # Its table, permissions and history stay in the guides app, where it was first made.
        app_label = "guides"
        ordering = ["kind", "key"]
        verbose_name = _("decision flow wording")
        verbose_name_plural = _("decision flow wording")

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        node = {node.key: node for node in flow.wording_nodes()}.get(self.key)
        if node is None:
            raise ValidationError({"key": _("The decision flow in the code has no node with this key.")})
        if node.kind != self.kind:
            raise ValidationError({"kind": _("This key belongs to a node of kind “%(kind)s”.") % {"kind": node.kind}})
        # Every visitor sees these texts: they must exist in every language.
        errors: dict[str, list] = {}
        for name in node.required:
            for code in languages.CODES:
                column = languages.field_name(name, code)
                if not (getattr(self, column, "") or "").strip():
                    errors.setdefault(column, []).append(_("Needed in every language."))
        if errors:
            raise ValidationError(errors)
