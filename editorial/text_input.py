"""Text that reaches the database: line breaks normalised, control characters refused.

Browsers send a textarea's line breaks as CRLF; editors' files may carry a lone CR. Both
become LF. Any other C0 control character (NUL, which PostgreSQL can't store, and the
rest; tab and newline are text) is refused with a clear message, wherever text comes in:
admin forms and their inlines, the translators' PO import, the feedback form and the
shipped content.
"""

from __future__ import annotations

import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f]")


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str) -> str | None:
    """The first control character of `text` as "U+0000", or None."""
    found = CONTROL_CHARACTER.search(normalised(text))
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_message(character: str) -> str:
    return _(
        "This text contains an invisible control character (%(character)s), often left by copying "
        "from another program. Remove it and save again."
    ) % {"character": character}


class CleanTextForm(forms.BaseForm):
    """A form mixin: every text field's line breaks normalised, control characters refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django refuses NUL alone, with a message of its own: one message for all of them.
        for field in self.fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            if character := control_character(value):
                self.add_error(name, control_character_message(character))
            else:
                cleaned[name] = normalised(value)
        return cleaned
