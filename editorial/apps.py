from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The bottom layer: abstract content models, roles, locking, the content registry,
    translation freshness and the page cache. It imports no domain app; the domain apps
    register with it."""

    name = "editorial"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import pre_save

        from editorial import freshness, registry, roles, watchdog
        from editorial.cache import connect_content_signals
        from editorial.models import ChangeNote, count_revision_up

        # Notes are translated like other texts: PO files, roles and the cache know them.
        registry.register(
            ChangeNote, kind="change_note", natural_key=lambda note: str(note.pk), plain=("kind", "changed_on")
        )
        connect_content_signals()
        pre_save.connect(count_revision_up, dispatch_uid="count-revision-up")
        freshness.connect()
        roles.connect(self)
        # Database statements have a deadline while a request is served (editorial/watchdog.py).
        request_started.connect(watchdog.request_started, dispatch_uid="watchdog-request-started")
        request_finished.connect(watchdog.request_finished, dispatch_uid="watchdog-request-finished")
