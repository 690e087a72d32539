"""Read pages the way a browser would: tags and attributes, not formatting."""

from __future__ import annotations

from html.parser import HTMLParser


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def tags(html: str, tag_name: str, /, **required: str) -> list[dict[str, str]]:
    """Attributes of every <tag_name> tag whose attributes include `required` (rel_ → rel)."""
    collector = _TagCollector()
    collector.feed(html)
    wanted = {key.rstrip("_").replace("_", "-"): value for key, value in required.items()}
    return [
        attrs
        for tag, attrs in collector.tags
        if tag == tag_name and all(attrs.get(key) == value for key, value in wanted.items())
    ]
