"""The public page cache: pages stored compressed, served as stored.

The rules (DESIGN.md, and serving/versions.py for versions and invalidation):

- Only anonymous, cookie-less GET and HEAD requests are looked up, and only their
  responses with status 200 from views marked `public_page` are stored — never staff
  previews, search results or forms that set cookies. HEAD is answered like GET; the
  server leaves the body out.
- The request is already canonical (serving/canonical.py): control characters refused,
  parameters the page does not read dropped. The key is its path and canonical query —
  never the Host header (absolute URLs come from SITE_URL, so every host's page is the same).
- A page is compressed once, when it is rendered: the cache keeps its plain, Brotli and
  gzip bodies with an ETag each, and a hit sends the one the browser accepts as stored,
  with `Content-Encoding` and `Vary: Accept-Encoding`, compressing nothing per request.
  Pages that are public but not cached (search) are compressed per request. Responses to
  requests with cookies, and responses that set one (the feedback form's CSRF cookie),
  are never compressed, so no secret shares a compressed body with text an attacker
  chooses (BREACH).
- Each page is stored with the content version it was rendered under and served only
  under the current one. A hit reads the version from the shared store (Redis, or a
  memory-mapped file on one machine without Redis) and the page from this process's
  own copy when it has one of that version, else from the cache: no database query.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dt_time

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from serving import results, versions

logger = logging.getLogger(__name__)

# Brotli's quality for pages: 11 (WhiteNoise's for static files) costs ~40 ms on a long
# page, once per page and content version; per-request compression uses less.
STORED_BROTLI_QUALITY = 11
PER_REQUEST_BROTLI_QUALITY = 5
MIN_COMPRESSED_SIZE = 256  # below this, headers cost more than compression saves
COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json")
# Pages this process keeps a plain copy of (a Redis hit then reads only the version).
LOCAL_PAGES = 128
# Headers a stored page does not keep: they are set per response.
PER_RESPONSE_HEADERS = {"content-length", "content-encoding", "etag", "x-cache", "vary"}


@dataclass(frozen=True)
class StoredPage:
    """What the cache keeps of a page: plain data, cheap to pickle, no HttpResponse."""

    status: int
    headers: tuple[tuple[str, str], ...]
    vary: str
    bodies: dict[str, bytes]  # by content coding: "" (identity), "br", "gzip"
    etags: dict[str, str]


def page_key(request) -> str:
    return f"page:{hashlib.sha256(request.get_full_path().encode()).hexdigest()}"


def render_lock(key: str, version: int) -> str:
    """The lock held while one request renders the page under `key` for `version`."""
    return f"{key}:rendering:{version}"


# Health checks answer from the process alone: no content version, no cache (serving/health.py).
NEVER_LOOKED_UP = frozenset({"/healthz", "/readyz"})


def is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and request.path not in NEVER_LOOKED_UP
    )


def is_cacheable_response(response) -> bool:
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def is_compressible(response) -> bool:
    return (
        not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
        and len(response.content) >= MIN_COMPRESSED_SIZE
    )


def accepted_encoding(request, offered) -> str:
    """The coding to send: Brotli, then gzip, among those `offered` that the request's
    Accept-Encoding allows (q > 0); "" for the plain body."""
    accepted: dict[str, float] = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        accepted[name.strip().lower()] = quality
    for coding in ("br", "gzip"):
        if coding in offered and accepted.get(coding, accepted.get("*", 0.0)) > 0:
            return coding
    return ""


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def compress(body: bytes, coding: str, *, brotli_quality: int) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=brotli_quality)
    return gzip.compress(body, compresslevel=9, mtime=0)


def compressed_bodies(body: bytes, *, brotli_quality: int) -> dict[str, bytes]:
    return {"": body, **{coding: compress(body, coding, brotli_quality=brotli_quality) for coding in ("br", "gzip")}}


def stored_page(response, *, brotli_quality: int = STORED_BROTLI_QUALITY) -> StoredPage:
    body = response.content
    bodies = compressed_bodies(body, brotli_quality=brotli_quality) if is_compressible(response) else {"": body}
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS)
    return StoredPage(
        status=response.status_code,
        headers=headers,
        vary=response.get("Vary", ""),
        bodies=bodies,
        etags={coding: _etag(data) for coding, data in bodies.items()},
    )


def response_from(stored: StoredPage, request, *, cache_status: str | None) -> HttpResponse:
    coding = accepted_encoding(request, stored.bodies)
    response = HttpResponse(stored.bodies[coding], status=stored.status)
    for name, value in stored.headers:
        response[name] = value
    if stored.vary:
        response["Vary"] = stored.vary
    if len(stored.bodies) > 1:
        patch_vary_headers(response, ("Accept-Encoding",))
    if coding:
        response["Content-Encoding"] = coding
    response["Content-Length"] = str(len(stored.bodies[coding]))
    response["ETag"] = stored.etags[coding]
    if cache_status:
        response["X-Cache"] = cache_status
    return response


def page_lifetime() -> int:
    """Seconds a page is kept: PAGE_CACHE_SECONDS, but never past local midnight, since
    some pages print today's date (the print sheet)."""
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), dt_time.min, tzinfo=now.tzinfo)
    return max(1, min(settings.PAGE_CACHE_SECONDS, math.ceil((midnight - now).total_seconds())))


class _LocalPages:
    """This process's copies of recent pages, each with the version it was rendered under."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, tuple[int, StoredPage, float]] = OrderedDict()
        self.lock = threading.Lock()  # gthread workers serve several requests at once

    def get(self, key: str, version: int) -> StoredPage | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None or found[0] != version or found[2] < time.time():
                return None
            self.pages.move_to_end(key)
            return found[1]

    def put(self, key: str, version: int, page: StoredPage, lifetime: int) -> None:
        with self.lock:
            self.pages[key] = (version, page, time.time() + lifetime)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


local_pages = _LocalPages(LOCAL_PAGES)


def personal(request, response):
    """A public page rendered for a signed-in person (a draft preview, an editor's view of
    any page) is theirs alone: no cache between them and the site may keep it."""
    user = getattr(request, "user", None)
    if getattr(response, "public_page", None) is not None and user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response


class PublicPageCacheMiddleware:
    """Serves cached public pages before any other work, stores new ones, and compresses
    public pages that are not cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return personal(request, self.get_response(request))
        if not settings.PAGE_CACHE_SECONDS:
            return self.compressed(request, self.get_response(request))
        key = page_key(request)
        version = versions.version_for_hit()
        if version is not None:
            if page := local_pages.get(key, version):
                return response_from(page, request, cache_status="hit")
            try:
                stored = cache.get(key)
            except Exception:
                versions.cache_failed("Page cache unavailable; serving from the database")
                stored = None
            if page := self.current(key, stored, version):
                return response_from(page, request, cache_status="hit")
        # A miss: the page will be rendered from the database, so confirm the version too.
        version = versions.version_before_render(version)
        if version is None:
            return self.compressed(request, self.get_response(request))
        try:
            page, status = results.produce_once(
                lock=render_lock(key, version),
                fetch=lambda: self.rendered_elsewhere(key, version),
                produce=lambda: (self.render_and_store(request, key, version), "miss"),
                wait=results.PAGE_WAIT_SECONDS,
                poll=results.PAGE_POLL_SECONDS,
            )
        except results.StillRendering:
            # The other render is slow or stuck: don't keep the visitor waiting longer.
            page, status = self.render_and_store(request, key, version), "miss"
        if isinstance(page, StoredPage):
            return response_from(page, request, cache_status=status)
        return page  # not cacheable: the response as the view made it

    def rendered_elsewhere(self, key: str, version: int) -> tuple[StoredPage, str] | None:
        """The page another request rendered while this one waited (a hit for this one)."""
        page = self.current(key, cache.get(key), version)
        return (page, "hit") if page is not None else None

    def current(self, key: str, stored, version: int) -> StoredPage | None:
        """A stored (version, page) pair's page, if rendered under `version`."""
        if stored is None or stored[0] != version:
            return None
        local_pages.put(key, version, stored[1], page_lifetime())
        return stored[1]

    def render_and_store(self, request, key: str, version: int) -> StoredPage | HttpResponse:
        response = self.get_response(request)
        if not is_cacheable_response(response):
            return self.compressed(request, response)
        patch_cache_control(response, public=True, max_age=settings.BROWSER_CACHE_SECONDS)
        page = stored_page(response)
        lifetime = page_lifetime()
        try:
            # Stored with the version it was rendered under: a page rendered while
            # content changed is never served under the newer version.
            cache.set(key, (version, page), lifetime)
        except Exception:
            versions.log_cache_error("Page cache write failed")
        local_pages.put(key, version, page, lifetime)
        return page

    def compressed(self, request, response):
        """A public page that isn't cached (search, an error page), compressed for this
        request in the one coding it accepts; anything else as it is."""
        if getattr(response, "public_page", None) is None and response.status_code < 400:
            return response  # not a public page: the admin, forms
        if not is_compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        coding = accepted_encoding(request, ("br", "gzip"))
        if not coding:
            return response
        body = compress(response.content, coding, brotli_quality=PER_REQUEST_BROTLI_QUALITY)
        response.content = body
        response["Content-Encoding"] = coding
        response["Content-Length"] = str(len(body))
        if response.has_header("ETag"):
            del response["ETag"]  # it named the plain body
        return response
