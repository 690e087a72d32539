from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")

    def ready(self) -> None:
        from guides import (
            decision_checks,  # noqa: F401  registers the check
            roles,
        )
        from guides.cache import connect_content_signals

        connect_content_signals()
        roles.connect(self)
