"""The two editorial roles, as groups kept in step with the code after every migrate.

Editor: everything about content, including publishing, verifying and deleting, and the
visitor reports. Translator: can read everything and change texts in any language, but
cannot add, delete, publish, verify or restore old versions.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editorial import registry

EDITOR = "Editor"
TRANSLATOR = "Translator"

# Group names are data; these make them translatable where they are shown.
LABELS = {EDITOR: _("Editor"), TRANSLATOR: _("Translator")}


# Permissions beyond the content models' that an app gives the Editor role, from its
# AppConfig.ready() (search: best bets and the counts of searches).
_editor_extras: set[tuple[str, str]] = set()


def grant_editors(app_label: str, *codenames: str) -> None:
    _editor_extras.update((app_label, codename) for codename in codenames)


def _content_permissions(actions: tuple[str, ...]) -> Q:
    query = Q(pk__in=[])
    for entry in registry.content_models():
        opts = entry.model._meta
        codenames = [f"{action}_{opts.model_name}" for action in actions]
        query |= Q(content_type__app_label=opts.app_label, content_type__model=opts.model_name, codename__in=codenames)
    return query


def sync_roles() -> None:
    """Create or update both groups so their permissions are exactly the ones above."""
    editor_query = _content_permissions(("add", "change", "delete", "view"))
    editor_query |= Q(content_type__app_label="feedback", codename__in=["view_report", "change_report"])
    for app_label, codename in sorted(_editor_extras):
        editor_query |= Q(content_type__app_label=app_label, codename=codename)
    for entry in registry.content_models():
        if permission := registry.publish_permission(entry.model):
            editor_query |= Q(content_type__app_label=permission[0], codename=permission[1])
    editor, _created = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(Permission.objects.filter(editor_query))

    translator, _created = Group.objects.get_or_create(name=TRANSLATOR)
    translator.permissions.set(Permission.objects.filter(_content_permissions(("change", "view"))))


def can_publish(user, model) -> bool:
    """May this user change status and verification of objects of `model`?"""
    permission = registry.publish_permission(model)
    return permission is None or user.has_perm(".".join(permission))


def text_only(user, model) -> bool:
    """Is this user a translator of `model`: allowed to change its objects but neither to
    add nor to delete them? Then only the translated texts are theirs to change — never
    status, active, verification, slugs, order or relations — and no old version is
    theirs to restore."""
    opts = model._meta
    structure = (f"{opts.app_label}.{action}_{opts.model_name}" for action in ("add", "delete"))
    return not any(user.has_perm(permission) for permission in structure)


def can_restore(user, model) -> bool:
    """May this user bring back an old or deleted version? A restore changes every field
    (status, relations, order): only someone who may change all of them."""
    return not text_only(user, model) and can_publish(user, model)


def untranslated_fields(model) -> tuple[str, ...]:
    """The fields of `model` a form shows that are not translated texts (for read-only)."""
    from modeltranslation.fields import TranslationField

    translated = set(registry.get(model).translated) if registry.is_content(model) else set()
    names = []
    for field in model._meta.get_fields():
        if not (getattr(field, "concrete", False) or field.many_to_many) or field.auto_created:
            continue
        if isinstance(field, TranslationField) or field.name in translated or not field.editable:
            continue
        names.append(field.name)
    return tuple(names)


def _after_migrate(sender, **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Permissions of every app must exist before the groups can hold them.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"), apps=apps)
    sync_roles()


def connect(app_config) -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="editorial-sync-roles")
