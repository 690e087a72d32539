"""Template access to editorial.text: fallback-aware model text and safe Markdown."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from editorial import text as guide_text

register = template.Library()


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
        '<{element} lang="{lang}" class="fallback">{body}</{element}> <small class="fallback-note">({note})</small>',
        element="div" if markdown else element,
        lang=value.lang,
        body=body,
        note=gettext("not yet translated; shown in the original language"),
    )


@register.filter
def markdown(source: str) -> SafeString:
    return guide_text.render_markdown(source)
