"""Template access to guides.text: fallback-aware model text and safe Markdown."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from guides import text as guide_text

register = template.Library()


@register.simple_tag
def tr(instance, field: str, markdown: bool = False, element: str = "span") -> SafeString:
    """Render `instance.<field>` in the visitor's language, or mark the fallback.

    Fallback text gets its own `lang` attribute and a short note in the visitor's language.
    """
    value = guide_text.localized(instance, field)
    body = guide_text.render_markdown(value.text) if markdown else guide_text.render_plain(value.text)
    html = render_to_string(
        "includes/translated_text.html",
        {"value": value, "body": body, "element": "div" if markdown else element},
    )
    return mark_safe(html.strip())


@register.filter
def markdown(source: str) -> SafeString:
    return guide_text.render_markdown(source)
