"""The site's four languages and every spelling of their codes, in one place.

DESIGN.md: one code, four spellings — ``zh-hans`` in URLs, ``?with=``, ``lang`` and
hreflang; ``zh_Hans`` for the locale folder; ``_zh_hans`` as the model field suffix;
``zh_CN`` for ``og:locale``. Everything that needs one of them asks this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # URL prefix, `lang`, hreflang, ?with=
    locale: str  # gettext locale folder
    field_suffix: str  # modeltranslation field suffix, without the underscore
    og_locale: str  # Open Graph locale
    native_name: str  # the language's name in itself, for the switcher
    fallbacks: tuple[str, ...]  # where model text comes from when missing


LANGUAGES: tuple[Language, ...] = (
    Language("zh-hans", "zh_Hans", "zh_hans", "zh_CN", "简体中文", ("en", "ru")),
    Language("ru", "ru", "ru", "ru_RU", "Русский", ("en",)),
    Language("kk", "kk", "kk", "kk_KZ", "Қазақша", ("ru", "en")),
    Language("en", "en", "en", "en_US", "English", ("ru",)),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
CODES: tuple[str, ...] = tuple(BY_CODE)
DEFAULT_CODE = "en"


def get(code: str) -> Language:
    """The language for a URL code; KeyError for anything else."""
    return BY_CODE[code]


def field_name(field: str, code: str) -> str:
    """The modeltranslation column of `field` in language `code` (title → title_zh_hans)."""
    return f"{field}_{BY_CODE[code].field_suffix}"


def chain(code: str) -> tuple[str, ...]:
    """The language itself followed by its fallbacks, in order."""
    return (code, *BY_CODE[code].fallbacks)


def field_names(field: str, code: str) -> tuple[str, ...]:
    """The columns of `field` a page in `code` may show, in the order they are tried."""
    return tuple(field_name(field, candidate) for candidate in chain(code))
