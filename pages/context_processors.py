"""What every page's layout needs: the language links for the same page."""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url

from config import languages
from editorial.text import current_language


def same_origin_path(path: str) -> str:
    """`path` as a link that can only lead to this site: one leading slash and no
    backslash, so `//evil.example/` or `/\\evil.example/` can't become another host.
    (Control characters never get this far: serving/canonical.py answers 400.)"""
    return "/" + path.replace("\\", "/").lstrip("/")


def same_page_in(request, code: str) -> str:
    """The current URL (path and query) with the language prefix swapped for `code`."""
    path = same_origin_path(request.path)
    current = current_language()
    prefix = f"/{current}/"
    swapped = f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else translate_url(path, code)
    query = request.META.get("QUERY_STRING", "")
    return f"{swapped}?{query}" if query else swapped


def language_links(request) -> dict:
    """The language switcher's links, and the site's public origin (settings.SITE_URL)
    for absolute links: never the request's Host header."""
    current = current_language()
    links = [
        {
            "code": language.code,
            "name": language.native_name,
            "url": same_page_in(request, language.code),
            "is_current": language.code == current,
        }
        for language in languages.LANGUAGES
    ]
    return {
        "language_links": links,
        "current_language": languages.get(current),
        "other_languages": [language for language in languages.LANGUAGES if language.code != current],
        "site_origin": settings.SITE_URL,
    }
