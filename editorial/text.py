"""Model text as a visitor sees it: in their language or an honest fallback, and
Markdown turned into safe HTML.

Every app shows translated text through `localized()`, so fallback text always knows
which language it is in and pages can mark it (`lang` attribute and a note).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import markdown
import nh3
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config import languages

# What Markdown may produce on our pages; everything else is stripped.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "blockquote",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "th": {"scope"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"https", "http", "tel", "mailto"}
# The base name of the per-language URL columns (editorial.links.LINK).
PER_LANGUAGE_LINK = "link"


@dataclass(frozen=True)
class LocalizedText:
    text: str
    lang: str  # the language the text is really in
    wanted: str  # the visitor's language

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.lang != self.wanted

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def current_language() -> str:
    code = get_language() or languages.DEFAULT_CODE
    return code if code in languages.BY_CODE else languages.DEFAULT_CODE


def localized(instance, field: str, code: str | None = None) -> LocalizedText:
    """The text of `field` in `code` (default: the active language), or its first fallback."""
    wanted = code or current_language()
    for candidate, column in zip(languages.chain(wanted), languages.field_names(field, wanted), strict=True):
        value = getattr(instance, column, "") or ""
        if value.strip():
            return LocalizedText(value, candidate, wanted)
    return LocalizedText("", wanted, wanted)


@cache
def columns_for(model: type[models.Model], code: str, prefix: str = "") -> tuple[str, ...]:
    """Fields to load to show `model` in language `code`, for QuerySet.only().

    Every untranslated field, and each translated one only in the language and its
    fallbacks: a row carries every text five times (four languages and the original
    column), and building and reading the columns a visitor never sees costs more than
    running the query.
    """
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    # The same page in each language (editorial.links: link_en, link_ru, ...) is read the same way.
    per_language = translated | {PER_LANGUAGE_LINK}
    every_language = {languages.field_name(field, other) for field in per_language for other in languages.CODES}
    shown = {column for field in per_language for column in languages.field_names(field, code)}
    # The original columns, and the languages the page doesn't show.
    skipped = translated | (every_language - shown)
    return tuple(prefix + field.name for field in model._meta.concrete_fields if field.name not in skipped)


def render_markdown(source: str) -> SafeString:
    """Markdown → HTML, cleaned with an allow-list: no script, style or event handlers."""
    return _render_markdown_cached(source or "")


# Rendering is a pure function of the text: keep recent results (bounded) per process.
@lru_cache(maxsize=4096)
def _render_markdown_cached(source: str) -> SafeString:
    html = markdown.markdown(source or "", extensions=["sane_lists", "tables"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)


def render_plain(source: str) -> SafeString:
    """Plain text with line breaks kept, escaped."""
    return mark_safe("<br>".join(escape(line) for line in (source or "").splitlines()))
