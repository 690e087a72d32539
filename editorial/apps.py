from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The bottom layer: abstract content models, roles, locking, the content registry
    and the page cache. It imports no domain app; the domain apps register with it."""

    name = "editorial"

    def ready(self) -> None:
        from editorial import roles
        from editorial.cache import connect_content_signals

        connect_content_signals()
        roles.connect(self)
