"""Problems visitors report about a page, for editors to handle."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config import languages


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(handled_at__isnull=True)


class Report(models.Model):
    page = models.CharField(_("page"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=[(code, code) for code in languages.CODES], default="en"
    )
    message = models.TextField(_("what is wrong"), max_length=2000)
    contact = models.CharField(_("contact (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visitor report")
        verbose_name_plural = _("visitor reports")

    def __str__(self) -> str:
        return f"{self.page or '—'}: {self.message[:60]}"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None
