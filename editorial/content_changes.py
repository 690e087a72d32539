"""What counts as a content change: any save, delete or relation change of a registered
content model (editorial/registry.py), from the admin, the PO import, load_content or a
shell. Each one tells serving that the content changed; serving bumps the version once
per transaction (serving/versions.py), so no worker serves an older page afterwards."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from editorial import registry
from serving.versions import invalidate


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded: the loader invalidates once at the end
        return
    invalidate()


def _model_saved_or_deleted(sender, **kwargs) -> None:
    if registry.is_content(sender):
        _content_changed(sender, **kwargs)


def _relation_changed(sender, instance, **kwargs) -> None:
    # `sender` is the through model; `instance` the side whose relation changed.
    if registry.is_content(type(instance)):
        _content_changed(sender, **kwargs)


def connect() -> None:
    """Connected once for every sender: apps register their models after this layer is
    ready, and a model registered later is still seen."""
    post_save.connect(_model_saved_or_deleted, dispatch_uid="invalidate-on-save")
    post_delete.connect(_model_saved_or_deleted, dispatch_uid="invalidate-on-delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="invalidate-on-m2m")
