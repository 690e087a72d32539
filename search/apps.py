from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from editorial import roles

        # Editors pin answers to queries and read what readers searched for.
        roles.grant_editors(
            "search", "add_bestbet", "change_bestbet", "delete_bestbet", "view_bestbet", "view_searchcount"
        )
