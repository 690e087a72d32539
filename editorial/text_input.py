"""Text that reaches the database: line breaks normalised, characters that aren't text refused.

Browsers send a textarea's line breaks as CRLF; editors' files may carry a lone CR. Both
become LF. Any other character that is never text is refused with a clear message naming
the field, wherever text comes in: admin forms and their inlines, the translators' PO
import, the feedback form and the shipped content (`load_content`). Those are:

- C0 controls but tab and line feed (NUL, which PostgreSQL can't store, and the rest),
  DEL, and C1 controls (U+0080–U+009F, among them U+0085, a line break to some programs);
- surrogates, and Unicode's noncharacters: U+FDD0–U+FDEF and the last two code points of
  every plane (U+FFFE, U+FFFF, U+1FFFE, …). XML 1.0 forbids U+FFFE and U+FFFF outright: one
  of them in a title would make every Atom feed that carries it unreadable.
"""

from __future__ import annotations

import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _

_LAST_TWO_OF_EVERY_PLANE = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOT_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_LAST_TWO_OF_EVERY_PLANE}]")
# What XML 1.0 can't carry at all (its Char production): left out of feeds whatever the
# database holds, so a feed reader never drops a whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str) -> str | None:
    """The first character of `text` that isn't text, as "U+0000", or None."""
    found = NOT_TEXT.search(normalised(text))
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_message(character: str) -> str:
    if CONTROL_CHARACTER.fullmatch(chr(int(character[2:], 16))):
        return _(
            "This text contains an invisible control character (%(character)s), often left by copying "
            "from another program. Remove it and save again."
        ) % {"character": character}
    return _(
        "This text contains a code point that is not a character (%(character)s), often left by copying "
        "from another program. Remove it and save again."
    ) % {"character": character}


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


class CleanTextForm(forms.BaseForm):
    """A form mixin: every text field's line breaks normalised, characters that aren't text refused."""

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
