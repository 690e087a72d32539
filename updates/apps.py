from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpdatesConfig(AppConfig):
    """What changed for readers: the updates pages and the Atom feeds of major changes."""

    name = "updates"
    verbose_name = _("Updates")
