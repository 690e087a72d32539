from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from editorial import roles
        from search.models import BestBet

        # A pinned page changes what readers see: the one invalidation function, so every
        # worker rereads the best bets.
        post_save.connect(_best_bets_changed, sender=BestBet, dispatch_uid="best-bet-saved")
        post_delete.connect(_best_bets_changed, sender=BestBet, dispatch_uid="best-bet-deleted")

        # Editors pin answers to queries and read what readers searched for.
        roles.grant_editors(
            "search", "add_bestbet", "change_bestbet", "delete_bestbet", "view_bestbet", "view_searchcount"
        )


def _best_bets_changed(sender, **kwargs) -> None:
    from serving.versions import invalidate

    invalidate()
