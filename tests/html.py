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


class _FormCollector(HTMLParser):
    """The fields a browser would submit from the first <form> with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._multiple = False
        self._first_option: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                if self._multiple:
                    self.fields.append((self._select, value))
                else:
                    self._select_value = value

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            # A single select submits its selected option, or the first one.
            value = self._select_value if self._select_value is not None else self._first_option
            if value is not None and not self._multiple:
                self.fields.append((self._select, value))
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    collector = _FormCollector(form_id)
    collector.feed(html)
    return collector.fields
