from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editorial base: abstract content models, the content registry, roles, locking,
    translation freshness, change notes, the glossary and the admin's save path. It
    imports no domain app (the domain apps register with it); below it is only serving."""

    name = "editorial"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from editorial import content_changes, freshness, registry, roles
        from editorial.models import ChangeNote, count_revision_up

        # Notes are translated like other texts: PO files, roles and the cache know them.
        registry.register(
            ChangeNote, kind="change_note", natural_key=lambda note: str(note.pk), plain=("kind", "changed_on")
        )
        content_changes.connect()
        pre_save.connect(count_revision_up, dispatch_uid="count-revision-up")
        freshness.connect()
        roles.connect(self)
