"""Which texts are missing in which language.

A translatable field is expected in every language once it is filled in any of them;
an empty field in all four (an optional note nobody wrote) is not missing anywhere.
Used by the admin's per-language columns and, later, the editors' dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from modeltranslation.translator import NotRegistered, translator

from config import languages


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of `model` registered with modeltranslation (its own and inherited)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(sorted(options.all_fields))


def missing_fields(instance: models.Model, code: str) -> list[str]:
    """Names of the instance's texts that are filled in some language but not in `code`."""
    missing = []
    for field in translated_fields(type(instance)):
        values = {c: (getattr(instance, languages.field_name(field, c)) or "").strip() for c in languages.CODES}
        if any(values.values()) and not values[code]:
            missing.append(field)
    return missing


def is_complete(instance: models.Model, code: str, *, children: Iterable[models.Model] = ()) -> bool:
    """True when the instance and its children (steps, documents) have every text in `code`."""
    return not missing_fields(instance, code) and all(not missing_fields(child, code) for child in children)
