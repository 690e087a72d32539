"""Links to other sites in the visitor's language: the same page in their language where
its publisher has one, else the nearest by the fallback order of model text.

Where an operator or the state publishes a page in several languages (kcell.kz/kk/… and
/en/…, adilet.zan.kz/kaz/… and /rus/…), a model keeps the other versions as data: one
URL column per language, ``link_<suffix>`` (see `link_fields`), blank where no such page
is known. They are not texts to translate: they are not registered with
django-modeltranslation, so translators' files and the completeness columns leave them
out, and the shipped YAML sets them as ``link: {kk: …, en: …}`` (the registry's
`per_language`). A page is never guessed by rewriting an address.

`localized_link()` picks the address for a visitor and says which language the page is
in, so templates mark it: ``hreflang`` on the link, and a short note in the visitor's
language when the page is in another one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_noop

from config import languages
from editorial.text import PER_LANGUAGE_LINK, current_language

LINK = PER_LANGUAGE_LINK

# “(page in English)”: shown after a link whose page is not in the visitor's language.
PAGE_LANGUAGE_NOTES: dict[str, str] = {
    "en": gettext_noop("page in English"),
    "ru": gettext_noop("page in Russian"),
    "kk": gettext_noop("page in Kazakh"),
    "zh-hans": gettext_noop("page in Chinese"),
}
assert set(PAGE_LANGUAGE_NOTES) == set(languages.CODES)

# The language of a page, for a model's field: blank when unknown or the site picks it.
LANGUAGE_CHOICES = [(language.code, language.native_name) for language in languages.LANGUAGES]


def add_link_fields(model: type[models.Model], *, verbose_name, help_text) -> None:
    """Give `model` its per-language URL columns: ``link_zh_hans``, ``link_ru``, ``link_kk``,
    ``link_en`` (call it right after the class)."""
    for language in languages.LANGUAGES:
        model.add_to_class(
            languages.field_name(LINK, language.code),
            models.URLField(
                format_lazy("{} — {}", verbose_name, language.native_name),
                max_length=500,
                blank=True,
                help_text=help_text,
            ),
        )


def link_columns() -> tuple[str, ...]:
    return tuple(languages.field_name(LINK, code) for code in languages.CODES)


@dataclass(frozen=True)
class LocalizedLink:
    href: str
    lang: str  # the language of the page it leads to; "" when unknown
    wanted: str  # the visitor's language

    @property
    def is_other_language(self) -> bool:
        """True when the page is known to be in a language other than the visitor's."""
        return bool(self.href and self.lang) and self.lang != self.wanted

    @property
    def note(self) -> str:
        """The untranslated note (“page in English”) for a page in another language; "" otherwise."""
        return PAGE_LANGUAGE_NOTES[self.lang] if self.is_other_language else ""

    def __str__(self) -> str:
        return self.href

    def __bool__(self) -> bool:
        return bool(self.href)


def localized_link(instance, *, default: str, default_lang: str = "", code: str | None = None) -> LocalizedLink:
    """The address of `instance`'s page for a visitor in `code` (default: the active language).

    Tried in the language's fallback order (kk → ru → en, zh-hans → en → ru, …): the page in
    that language (``link_<suffix>``), or `default` where `default_lang` is that language.
    Else `default` itself, in `default_lang` ("" when its language is unknown, e.g. a site's
    home page that picks the language itself).
    """
    wanted = code or current_language()
    for candidate in languages.chain(wanted):
        href = (getattr(instance, languages.field_name(LINK, candidate), "") or "").strip()
        if href:
            return LocalizedLink(href, candidate, wanted)
        if default and default_lang == candidate:
            return LocalizedLink(default, candidate, wanted)
    return LocalizedLink(default or "", default_lang if default else "", wanted)
