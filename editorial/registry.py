"""The content registry: the one list of the models editors keep.

Each domain app registers its content models from its `AppConfig.ready()`, the way
`admin.site.register` works, and everything that must know "which models are content"
reads this list (docs/architecture.md, "The content registry", names every reader). So this
bottom layer never imports a domain app, and a new model is one `register()` away from
every one of them.

A registration says how the model is named outside the database (its `kind` and natural
key: the prefixes of the translators' `msgctxt`, e.g. ``procedure:kcell/cancel#title``,
and of the loaded-content records), which of its plain fields the shipped YAML sets,
which foreign keys the YAML names by a slug, and which permission (if any) publishes it.
Its translated fields are the ones registered with django-modeltranslation; its
per-language fields (the same page in each language, editorial.links) are not texts and
are not translated, but the YAML writes them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from modeltranslation.translator import NotRegistered, translator


@dataclass(frozen=True)
class ContentModel:
    model: type[models.Model]
    kind: str  # its name in the shipped files, the PO files and the loaded-content keys
    natural_key: Callable[[Any], str]
    # What natural_key (and the owner) read, for select_related().
    select_related: tuple[str, ...] = ()
    # Steps and required documents are edited on their procedure's admin page (inlines).
    owner: Callable[[Any], models.Model] | None = None
    # Untranslated fields the shipped YAML sets.
    plain: tuple[str, ...] = ()
    # Per-language values that are not texts to translate (editorial.links: `link` is the
    # columns link_en, link_ru, ...): the YAML maps language codes to them, like a text.
    per_language: tuple[str, ...] = ()
    # Foreign key → (related model's label, the field the YAML names it by).
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    has_sources: bool = False
    # The permission (codename, in the model's app) to publish it or mark it verified.
    publish_permission: str | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def translated(self) -> tuple[str, ...]:
        """The fields registered with modeltranslation, in the model's field order."""
        try:
            names = translator.get_options_for_model(self.model).all_fields
        except NotRegistered:
            return ()
        return tuple(field.name for field in self.model._meta.fields if field.name in names)

    def reference_model(self, name: str) -> type[models.Model]:
        return apps.get_model(self.references[name][0])

    def owner_of(self, obj: models.Model) -> models.Model:
        """The object whose admin page edits `obj` (a step's procedure; otherwise itself)."""
        return self.owner(obj) if self.owner else obj


_by_model: dict[type[models.Model], ContentModel] = {}


def register(model: type[models.Model], *, kind: str, **options: Any) -> None:
    """Add `model` to the content models (call it from the app's `AppConfig.ready()`)."""
    if any(entry.kind == kind for entry in _by_model.values() if entry.model is not model):
        raise ValueError(f"Content kind {kind!r} is registered twice")
    _by_model[model] = ContentModel(model=model, kind=kind, **options)


def content_models() -> tuple[ContentModel, ...]:
    """Every registered content model, in registration order (apps in INSTALLED_APPS order)."""
    return tuple(_by_model.values())


def get(model: type[models.Model]) -> ContentModel:
    return _by_model[model]


def by_kind(kind: str) -> ContentModel:
    for entry in _by_model.values():
        if entry.kind == kind:
            return entry
    raise KeyError(kind)


def is_content(model: type[models.Model]) -> bool:
    return model in _by_model


def publish_permission(model: type[models.Model]) -> tuple[str, str] | None:
    """(app label, codename) of the permission that publishes or verifies `model`, if any."""
    entry = _by_model.get(model)
    if entry is None or entry.publish_permission is None:
        return None
    return model._meta.app_label, entry.publish_permission
