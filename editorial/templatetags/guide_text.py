"""Template access to editorial.text: fallback-aware model text and safe Markdown."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from editorial import text as guide_text
from editorial.links import LocalizedLink

register = template.Library()

# Chinese writes its own full-width brackets and stops (（）。：), which carry their own
# spacing: no ASCII brackets around Chinese words and no space after 。 or ：.
_FULL_WIDTH = {"zh-hans"}


def _full_width() -> bool:
    return get_language() in _FULL_WIDTH


@register.simple_tag
def open_bracket() -> str:
    return "（" if _full_width() else "("


@register.simple_tag
def close_bracket() -> str:
    return "）" if _full_width() else ")"


@register.simple_tag
def label_space() -> str:
    """The space after a label ending in a colon or a stop, or before a bracketed note: none
    in Chinese."""
    return "" if _full_width() else " "


@register.simple_tag
def tr(instance, field: str, markdown: bool = False, element: str = "span") -> SafeString:
    """Render `instance.<field>` in the visitor's language, or mark the fallback.

    Fallback text gets its own `lang` attribute and a short note in the visitor's language.
    Built with format_html rather than a template: a long page calls this ~160 times.
    """
    value = guide_text.localized(instance, field)
    body = guide_text.render_markdown(value.text) if markdown else guide_text.render_plain(value.text)
    if not value.is_fallback:
        return body
    return format_html(
        '<{element} lang="{lang}" class="fallback">{body}</{element}>{note}',
        element="div" if markdown else element,
        lang=value.lang,
        body=body,
        note=_fallback_note(),
    )


def _fallback_note() -> SafeString:
    return _small("fallback-note", gettext("not yet translated; shown in the original language"))


def _small(css_class: str, text: str) -> SafeString:
    """A short bracketed note after a text: ' <small>(…)</small>', or '<small>（…）</small>'."""
    if _full_width():
        return format_html('<small class="{}">（{}）</small>', css_class, text)
    return format_html(' <small class="{}">({})</small>', css_class, text)


def link_html(link: LocalizedLink | None, body, *, after: SafeString | str = "") -> SafeString:
    """`body` as a link to `link`: hreflang says the page's language, and a short note in
    the visitor's language follows when that is another one (“page in English”).
    Without an address: the body alone."""
    if not link:
        return format_html("{}{}", body, after)
    hreflang = format_html(' hreflang="{}"', link.lang) if link.lang else ""
    note = _small("link-language", gettext(link.note)) if link.is_other_language else ""
    return format_html('<a href="{}"{} rel="noopener noreferrer">{}</a>{}{}', link.href, hreflang, body, after, note)


@register.simple_tag
def source_link(source, text: str = "") -> SafeString:
    """A source's title (or `text`) in the visitor's language, linked to its page in their
    language or the nearest fallback (editorial.links), both marked when they are not."""
    link = source.localized_link()
    if text:
        return link_html(link, text)
    title = guide_text.localized(source, "title")
    if not title.is_fallback:
        return link_html(link, title.text)
    return link_html(link, format_html('<span lang="{}">{}</span>', title.lang, title.text), after=_fallback_note())


@register.simple_tag
def address_link(link: LocalizedLink | None, text: str = "") -> SafeString:
    """A web address shown as itself (or `text`), linked and marked like `source_link`."""
    return link_html(link, text or (link.href if link else ""))


@register.filter
def markdown(source: str) -> SafeString:
    return guide_text.render_markdown(source)
