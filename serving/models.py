"""The content version's table (serving/versions.py is the one module that uses it).

Its model keeps the app label `guides`, where it was first made: the label is in the
table's name, the content type and the permissions a live site has, and the upgrade test
from the previous release holds every one of them. The guides app only carries its
migrations; serving's code imports nothing of guides (docs/architecture.md, "Models
that live beside another app's label").
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One counter, bumped by every content change; cached pages carry it in their keys.

    It lives in the database so that every worker and node agrees on it even when the
    shared cache was unreachable at the moment of the change (serving/versions.py).
    """

    value = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Its table, content type and migrations stay in the guides app (see above).
        app_label = "guides"
        verbose_name = _("content version")
        verbose_name_plural = _("content version")

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def current(cls) -> int:
        return cls.objects.get_or_create(pk=1)[0].value

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(value=models.F("value") + 1, changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1, defaults={"value": 2})
