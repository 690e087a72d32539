"""Behaviour snapshot: proves a restructuring changed nothing a visitor or an editor sees.

    .venv/bin/python bench/snapshot.py save OUT.json[.gz]
    .venv/bin/python bench/snapshot.py compare A.json[.gz] B.json[.gz]

Run it from the root of the checkout whose code is to be recorded (the project is not an
installed package: the working directory is what gets imported).

`save` builds a throwaway SQLite database in a temporary folder (migrate, collectstatic,
load_content, one superuser) and, in-process with Django's test Client and production
settings (DEBUG off, hashed static files), fetches:

- every URL of /sitemap.xml, the sitemap itself, /robots.txt, /healthz, and / with a few
  Accept-Language headers;
- every operator's print sheet in every language, with language pairs, one procedure and
  bad parameters, and its PDF (recorded as the hash of the text pypdf extracts);
- the decision flow: its start page and a deterministic sample of walks through it,
  found by following the pages' own GET forms and links, plus broken query strings;
- search, FAQ, the feedback form, 404s, a few malformed requests, every static file
  the pages reference;
- as a superuser: the admin index, the changelist, add, change and history pages of every
  model in the admin registry (two objects each), the translators' pages and PO files, and
  a few public pages as staff see them.

For each it records the status, content type, response headers, cookies, the SHA-256 of
the normalised body (the body itself for text), and the number of database queries —
uncached (the cache is cleared first) and, for anonymous requests, again straight after,
which a cached page answers with none.

The URLs come from the site itself and the admin registry, never from importing project
modules, so the script keeps working when modules move. `compare` prints every difference
(unified diffs for the first few bodies), then "N URLs compared, M differ", and exits 1 if
there is any difference, 0 otherwise. A `save` takes about 4–5 minutes on two cores, most
of it rendering the 26 PDFs.

Determinism: the clock is frozen for the whole run (time-machine) and the secret key is
fixed, so what depends on the date — "printed on" on the sheets, `updated_at` in the admin
and the sitemap, the dashboard's relative times, cookie expiry and Expires headers, the
feedback form's signed "form started" token — is the same on every run and compares
exactly. Only what is random or tied to this run's files is normalised:

- CSRF tokens in forms and the CSRF and session cookies' values: random by design;
- the order of Content-Security-Policy directives: django-csp follows the hash seed;
- ETag and Content-Length values: derived from the body, which is compared itself;
- Last-Modified of static files: the time this run's collectstatic wrote them;
- PDFs: the text pypdf extracts, not the bytes (creation date, font subset names);
- CSP nonces, should any appear: random per response.

Two saves of the same code write byte-identical files.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import gzip
import hashlib
import io
import json
import logging
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# Any fixed instant will do; noon in Almaty keeps "today" far from midnight, where the
# page cache's lifetime is cut short.
FROZEN_AT = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
SECRET_KEY = "snapshot-only-secret-key-" + "x" * 40  # fixed: signed tokens must not vary
DECISION_SAMPLE = 40  # decision-flow URLs per language
SEARCH_TERMS = ["", "kcell", "паспорт", "注销", "SIM", "блоктау", "eGov", "porting", "zzzz-nothing"]
ACCEPT_LANGUAGES = [None, "ru", "zh-TW,zh;q=0.9", "kk-KZ,kk;q=0.9,ru;q=0.8", "de-DE,de;q=0.9", "en-US,en;q=0.5"]
PRINT_PAIRS = [("zh-hans", "ru"), ("en", "ru"), ("kk", "ru"), ("zh-hans", "kk")]
ADMIN_OBJECTS = 2  # change pages per admin model: the first and the last by primary key
# Headers whose value is derived from the body, which is compared itself (after its CSRF
# tokens are masked; for a PDF, by its text, as its bytes vary).
VALUE_NOT_RECORDED = {"ETag", "Content-Length"}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml", "application/javascript")
BODY_DIFFS = 5  # unified diffs printed by `compare`
DIFF_LINES = 60
DIFF_LINE_WIDTH = 240


# -- Normalisation ----------------------------------------------------------------------------

_NORMALISATIONS = [
    # A fresh masked CSRF token on every form render (random by design).
    (re.compile(r'(name="csrfmiddlewaretoken"\s+value=")[^"]*(")'), r"\1CSRF-TOKEN\2"),
    (re.compile(r'(value=")[^"]*("\s+name="csrfmiddlewaretoken")'), r"\1CSRF-TOKEN\2"),
    # django-csp nonces are random per response (none are used today; kept for safety).
    (re.compile(r"""(\snonce=["'])[^"']*(["'])"""), r"\1CSP-NONCE\2"),
    (re.compile(r"'nonce-[^']*'"), "'nonce-CSP-NONCE'"),
]


def normalise(text: str) -> str:
    for pattern, replacement in _NORMALISATIONS:
        text = pattern.sub(replacement, text)
    return text


def normalised_cookies(response, random_cookies: set[str]) -> dict[str, dict[str, str]]:
    cookies = {}
    for name, morsel in sorted(response.cookies.items()):
        attrs = {key: str(value) for key, value in morsel.items() if value not in ("", False)}
        # The CSRF cookie and the session id are random; their names and attributes are not.
        attrs["value"] = "RANDOM" if name in random_cookies else morsel.value
        cookies[name] = attrs
    return cookies


def normalised_headers(response) -> dict[str, str]:
    headers = {}
    for name, value in sorted(response.headers.items()):
        if name.lower() == "set-cookie":
            continue  # recorded as cookies
        if name in VALUE_NOT_RECORDED:
            value = "<present>"
        elif name.startswith("Content-Security-Policy"):
            # django-csp writes the directives in set order, which changes with each process's
            # hash seed; their order means nothing.
            value = "; ".join(sorted(normalise(value).split("; ")))
        headers[name] = value
    return headers


# -- Reading pages ----------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Links, static assets and forms (fields in document order) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.assets: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"])
        if tag in ("link", "script", "img", "source"):
            self.assets += [attr[key] for key in ("href", "src") if attr.get(key, "").startswith("/static/")]
        if tag == "form":
            self._form = {"method": attr.get("method", "get").lower(), "action": attr.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attr.get("name"):
            self._form["fields"].append((attr.get("type", "text").lower(), attr["name"], attr.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def local_path(url: str) -> str:
    """The path and query of a URL on this site (scheme and host dropped)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_text(content_type: str) -> bool:
    return content_type.startswith(TEXT_TYPES) or "+xml" in content_type or "gettext" in content_type


# -- Recording --------------------------------------------------------------------------------


class Recorder:
    """Fetches URLs and keeps what `save` writes: one record per URL."""

    def __init__(self, superuser) -> None:
        from django.conf import settings
        from django.test import Client

        self.settings = settings
        self.make_client = lambda: Client(raise_request_exception=False)  # a 500 is a result, not a crash
        self.random_cookies = {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME}
        self.records: dict[str, dict] = {}
        self.seconds: dict[str, float] = {}  # per URL, both requests: reported, not recorded
        self.assets: set[str] = set()  # static files the HTML pages reference
        self.staff = self.make_client()
        self.staff.force_login(superuser)

    def get(self, path: str):
        """An unrecorded anonymous request, for discovering URLs."""
        return self.make_client().get(path)

    def record(self, path: str, *, language: str | None = None, staff: bool = False):
        """Fetch `path` (as the superuser with `staff`) and record it under its key:
        the path, prefixed with "staff " and followed by the Accept-Language sent, if any."""
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        key = ("staff " if staff else "") + path + (f" [Accept-Language: {language}]" if language else "")
        if key in self.records:
            return None
        headers = {"accept-language": language} if language else {}
        # Staff share one logged-in client; every anonymous request starts without cookies,
        # as the page cache only serves cookie-less requests.
        client = self.staff if staff else self.make_client()
        started = time.monotonic()
        cache.clear()  # count the queries of an uncached render
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
        entry = self.describe(response) | {"query_count": len(queries), "cached_query_count": None}
        if not staff:
            # The same request again, straight after: a cached public page costs no query.
            with CaptureQueriesContext(connection) as again_queries:
                again = self.make_client().get(path, headers=headers)
            entry |= {
                "cached_query_count": len(again_queries),
                "cached_status": again.status_code,
                "cached_x_cache": again.headers.get("X-Cache"),
                "cached_sha256": self.describe(again)["sha256"],
            }
        self.records[key] = entry
        self.seconds[key] = time.monotonic() - started
        return response

    def describe(self, response) -> dict:
        content_type = response.headers.get("Content-Type", "")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        entry = {
            "status": response.status_code,
            "content_type": content_type,
            "headers": normalised_headers(response),
            "cookies": normalised_cookies(response, self.random_cookies),
        }
        if content_type.startswith("application/pdf"):
            # PDFs carry creation dates and font subset tags: compare what they say.
            try:
                text, pages = pdf_text(content)
            except Exception as error:  # a broken PDF is a result too
                text, pages = f"unreadable PDF: {error!r}", None
            entry |= {"pdf_pages": pages, "sha256": sha256(text), "body": text}
        elif is_text(content_type):
            body = normalise(content.decode(response.charset or "utf-8", errors="replace"))
            entry |= {"sha256": sha256(body), "body": body}
            if content_type.startswith("text/html"):
                self.assets.update(parse_page(body).assets)
        else:
            entry["sha256"] = hashlib.sha256(content).hexdigest()
        return entry


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def pdf_text(content: bytes) -> tuple[str, int]:
    """The text of every page, and the number of pages (cached: the second, cached response
    of a sheet is the same bytes, and extracting costs a second or two)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n\f\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


# -- What is fetched --------------------------------------------------------------------------


def sitemap_paths(recorder: Recorder) -> list[str]:
    """The paths of the sitemap's <loc> entries: every public page in every language."""
    response = recorder.record("/sitemap.xml")
    return sorted(set(map(local_path, re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))))


def public_pages(recorder: Recorder, codes: list[str], paths: list[str]) -> None:
    for path in paths:
        recorder.record(path)
    for accept in ACCEPT_LANGUAGES:
        recorder.record("/", language=accept)
    for path in ["/robots.txt", "/healthz", "/en", "/no-such-page/", "/favicon.ico"]:
        recorder.record(path)

    by_operator: dict[str, list[str]] = {}  # operator slug → its procedure slugs, from the sitemap
    for path in paths:
        if match := re.fullmatch(r"/[^/]+/operators/([^/]+)/(?:([^/]+)/)?", path):
            procedures = by_operator.setdefault(match[1], [])
            if match[2] and match[2] not in procedures:
                procedures.append(match[2])
    print_sheets(recorder, codes, by_operator)

    operator = next(iter(by_operator))
    for code in codes:
        for term in SEARCH_TERMS:
            recorder.record(f"/{code}/search/?{urlencode({'q': term})}")
        recorder.record(f"/{code}/search/")
        recorder.record(f"/{code}/faq/")
        recorder.record(f"/{code}/feedback/?page=/en/")
        recorder.record(f"/{code}/feedback/?page=/{code}/operators/")
        recorder.record(f"/{code}/feedback/?page=//evil.example/")
        recorder.record(f"/{code}/feedback/")
        recorder.record(f"/{code}/no-such-page/")
        recorder.record(f"/{code}/operators/no-such-operator/")
        recorder.record(f"/{code}/operators/{operator}/no-such-procedure/")
        # Control characters are refused before the cache is consulted.
        recorder.record(f"/{code}/search/?q=%01")
        recorder.record(f"/{code}/?utm_source=snapshot&fbclid=x")
        decision_flow(recorder, code)


def print_sheets(recorder: Recorder, codes: list[str], by_operator: dict[str, list[str]]) -> None:
    for operator, procedures in by_operator.items():
        for code in codes:
            base = f"/{code}/operators/{operator}/print"
            recorder.record(f"{base}/")
            for first, second in PRINT_PAIRS:
                if code == first:
                    recorder.record(f"{base}/?with={second}")
                elif code == second:
                    recorder.record(f"{base}/?with={first}")
            if procedures:
                recorder.record(f"{base}/?procedure={procedures[0]}")
            recorder.record(f"{base}.pdf")
    # Bad parameters, in every language, on one operator.
    operator, procedures = next(iter(by_operator.items()))
    for code in codes:
        base = f"/{code}/operators/{operator}/print"
        for query in [
            "with=xx",
            f"with={code}",
            "with=ru&with=ru",
            "procedure=no-such-procedure",
            "procedure=" + "p" * 120,
            "utm_source=snapshot",
        ]:
            recorder.record(f"{base}/?{query}")
        recorder.record(f"/{code}/operators/no-such-operator/print/")
        recorder.record(f"/{code}/operators/no-such-operator/print.pdf")
        recorder.record(f"{base}.pdf?with=xx")
    # PDFs with parameters, once each: a PDF costs seconds.
    first, second = PRINT_PAIRS[0]
    recorder.record(f"/{first}/operators/{operator}/print.pdf?with={second}")
    if procedures:
        recorder.record(f"/{second}/operators/{operator}/print.pdf?procedure={procedures[0]}")


def decision_flow(recorder: Recorder, code: str) -> None:
    """The start page, walks through the flow and broken query strings.

    The walks tick a random (but seeded, so reproducible) answer on each page and submit
    the page's own GET form, as a browser would, until a result page; now and then they
    take a result's "change" link or submit a question without an answer.
    """
    start = f"/{code}/decide/"
    rng = random.Random(f"decide {code}")  # noqa: S311 — a reproducible sample, not a secret
    sample = [start]
    pages: dict[str, tuple[int, str, str]] = {}  # path → (status, Location, body): discovery only

    def visit(path: str) -> tuple[int, str, str]:
        if path not in pages:
            response = recorder.get(path)
            pages[path] = (response.status_code, response.headers.get("Location", ""), response.content.decode())
        return pages[path]

    def add(path: str) -> None:
        if path not in sample:
            sample.append(path)

    questions: list[tuple[str, list[str]]] = []  # the first two questions met: name, answers
    while len(sample) < DECISION_SAMPLE and len(pages) < 10 * DECISION_SAMPLE:
        path = start
        for _step in range(30):  # no path through the flow is this long
            status, location, body = visit(path)
            if status in (301, 302):
                path = local_path(location)
                add(path)
                continue
            page = parse_page(body)
            form = question_form(page)
            if form is None:  # a result page
                changes = [link for link in page.links if link.startswith(f"{start}?")]
                if changes and rng.random() < 0.5:
                    add(rng.choice(changes))
                break
            radios = [(name, value) for kind, name, value in form["fields"] if kind == "radio"]
            name, value = rng.choice(radios)
            if len(questions) < 2 and name not in (known for known, _values in questions):
                questions.append((name, [v for n, v in radios if n == name]))
            action = form["action"] or start
            if rng.random() < 0.05:  # "Continue" without an answer
                add(f"{action}?{urlencode([(n, v) for kind, n, v in form['fields'] if kind == 'hidden'])}")
            # What a browser submits: the form's fields in document order, one radio ticked.
            fields = [(n, v) for kind, n, v in form["fields"] if kind == "hidden" or (n, v) == (name, value)]
            path = f"{action}?{urlencode(fields)}"
            add(path)
    for path in sample:
        recorder.record(path)

    if not questions:
        return
    name, values = questions[0]
    broken: list[list[tuple[str, str]]] = [
        [(name, "no-such-answer")],
        [(name, values[0]), (name, values[0])],  # repeated
        [(name, "x" * 200)],  # too long
        [(name, values[0]), ("utm_source", "snapshot")],  # tracking: redirect to the clean URL
        [("junk", "1")],
        [("asked", name)],  # "Continue" without an answer, the marker's name as the site uses it
        [(name, "")],
    ]
    if len(questions) > 1:
        second, second_values = questions[1]
        broken += [[(second, second_values[0])], [(second, second_values[0]), (name, values[-1])]]  # out of order
    for query in broken:
        recorder.record(f"{start}?{urlencode(query)}")
    recorder.record(f"{start}?{name}=%00")  # a control character: refused before the cache


def question_form(page: PageParser) -> dict | None:
    """The page's GET form with radios (a question), if it has one."""
    for form in page.forms:
        if form["method"] == "get" and any(kind == "radio" for kind, _name, _value in form["fields"]):
            return form
    return None


def admin_pages(recorder: Recorder, codes: list[str], sitemap: list[str]) -> None:
    """As the superuser: every model the admin registry holds, the translators' pages."""
    from django.contrib import admin
    from django.contrib.admin.utils import quote
    from django.urls import NoReverseMatch, reverse

    for path in ["/admin/", "/admin/login/", "/admin/password_reset/"]:
        recorder.record(path)  # anonymous: the login page, a redirect to it
    recorder.record("/admin/", staff=True)
    for code in codes:  # the admin follows the browser's language
        recorder.record("/admin/", language=code, staff=True)
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label_lower):
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{info}_changelist")
        recorder.record(changelist, staff=True)
        recorder.record(changelist, language="kk", staff=True)
        with contextlib.suppress(NoReverseMatch):
            recorder.record(reverse(f"{info}_add"), staff=True)
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        chosen = list(dict.fromkeys(pks[:1] + pks[-1:]))  # the first and the last object
        for pk in chosen:
            recorder.record(reverse(f"{info}_change", args=[quote(pk)]), staff=True)
        if chosen:
            recorder.record(reverse(f"{info}_change", args=[quote(chosen[0])]), language="zh-hans", staff=True)
            recorder.record(reverse(f"{info}_history", args=[quote(chosen[0])]), staff=True)
    recorder.record("/admin/translations/", staff=True)
    for code in [*codes, "xx"]:
        recorder.record(f"/admin/translations/download/?language={code}", staff=True)
    # Public pages as staff see them: never from the page cache, drafts previewed.
    for code in codes:
        procedure = next(path for path in sitemap if re.fullmatch(rf"/{code}/operators/[^/]+/[^/]+/", path))
        for path in [f"/{code}/", f"/{code}/operators/", procedure]:
            recorder.record(path, staff=True)


def static_assets(recorder: Recorder) -> None:
    """Every static file the HTML pages reference, by hash (their hashed names are in the pages)."""
    for path in sorted(recorder.assets):
        recorder.record(path)
        entry = recorder.records[path]
        entry.pop("body", None)  # the hash says enough; admin scripts would triple the file
        if "Last-Modified" in entry["headers"]:
            # WhiteNoise sends the collected file's mtime: when this run's collectstatic wrote it.
            entry["headers"]["Last-Modified"] = "<collectstatic time>"


# -- save / compare ---------------------------------------------------------------------------


def prepare_environment(workdir: Path) -> None:
    root = Path.cwd()
    if not (root / "manage.py").exists() or not (root / "config" / "settings.py").exists():
        raise SystemExit("Run this from the root of a kz-sim-guide checkout (where manage.py is).")
    sys.path.insert(0, str(root))
    # Only our settings: nothing from the caller's environment (a Redis, a database) leaks in.
    for name in list(os.environ):
        if name.startswith("DJANGO_") or name in ("DATABASE_URL", "REDIS_URL"):
            del os.environ[name]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # Production behaviour: real 404/500 pages, hashed static files.
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            # The public origin every absolute link starts with (required with DEBUG off):
            # the test Client's own host, fixed so two saves compare.
            "DJANGO_SITE_URL": "http://testserver",
            "DJANGO_HTTPS": "0",  # plain http, as the bench servers run; no redirect to https
            "DATABASE_URL": f"sqlite:///{workdir / 'snapshot.sqlite3'}",
            "DJANGO_DATA_DIR": str(workdir),
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_LOG_LEVEL": "ERROR",  # 404s and 400s are expected; a 500 still shows
        }
    )


def save(out: Path) -> int:
    import time_machine

    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="kzsim-snapshot-"))
    prepare_environment(workdir)
    try:
        with time_machine.travel(FROZEN_AT, tick=False):
            superuser = build_site()
            setup_seconds = time.monotonic() - started
            recorder = Recorder(superuser)
            codes = [code for code, _name in recorder.settings.LANGUAGES]
            sitemap = sitemap_paths(recorder)
            public_pages(recorder, codes, sitemap)
            admin_pages(recorder, codes, sitemap)
            static_assets(recorder)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    write_snapshot(out, recorder.records)
    seconds = time.monotonic() - started
    print(f"saved {len(recorder.records)} URLs to {out} in {seconds:.0f} s (setup {setup_seconds:.0f} s)")
    by_kind: dict[str, list[float]] = {}
    for key, spent in recorder.seconds.items():
        kind = "PDF" if ".pdf" in key else "admin" if key.startswith("staff") else "other"
        by_kind.setdefault(kind, []).append(spent)
    print(", ".join(f"{kind}: {len(times)} URLs, {sum(times):.0f} s" for kind, times in sorted(by_kind.items())))
    return 0


def build_site():
    """Django set up on the fresh database: migrated, static files collected, the shipped
    content loaded, and a superuser (returned)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    # 403s and 404s are expected answers here; Django logs them as warnings.
    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_content", verbosity=0)
    return get_user_model().objects.create_superuser("snapshot", "snapshot@example.org", None)


def write_snapshot(path: Path, records: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True).encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)


def read_snapshot(path: Path) -> dict:
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


COMPARED = ["status", "content_type", "headers", "cookies", "sha256", "pdf_pages", "query_count"]
COMPARED_CACHED = ["cached_query_count", "cached_status", "cached_x_cache", "cached_sha256"]


def compare(a_path: Path, b_path: Path) -> int:
    a, b = read_snapshot(a_path), read_snapshot(b_path)
    differ = 0
    diffs_shown = 0
    for key in sorted(a.keys() | b.keys()):
        if key not in b or key not in a:
            differ += 1
            print(f"- {key}: only in {a_path if key in a else b_path}")
            continue
        old, new = a[key], b[key]
        changes = [(field, old.get(field), new.get(field)) for field in COMPARED + COMPARED_CACHED]
        changes = [change for change in changes if change[1] != change[2]]
        if not changes:
            continue
        differ += 1
        print(f"~ {key}")
        for field, before, after in changes:
            if field == "headers" or field == "cookies":
                for name in sorted(before.keys() | after.keys()):
                    if before.get(name) != after.get(name):
                        print(f"    {field[:-1]} {name}: {before.get(name)!r} → {after.get(name)!r}")
            elif field != "sha256":
                print(f"    {field}: {before!r} → {after!r}")
        if old.get("sha256") != new.get("sha256"):
            print("    body differs")
            if diffs_shown < BODY_DIFFS and "body" in old and "body" in new:
                diffs_shown += 1
                print_diff(old["body"], new["body"], key)
    print(f"{len(a.keys() | b.keys())} URLs compared, {differ} differ")
    return 1 if differ else 0


def print_diff(before: str, after: str, key: str) -> None:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), f"a {key}", f"b {key}", n=2, lineterm="")
    for number, line in enumerate(lines):
        if number == DIFF_LINES:
            print("      … (diff truncated)")
            break
        print("      " + (line if len(line) <= DIFF_LINE_WIDTH else line[:DIFF_LINE_WIDTH] + " …"))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    save_parser = commands.add_parser("save", help="record a snapshot of the checkout in the working directory")
    save_parser.add_argument("out", type=Path, help="OUT.json, or OUT.json.gz to compress")
    compare_parser = commands.add_parser("compare", help="print the differences between two snapshots")
    compare_parser.add_argument("a", type=Path)
    compare_parser.add_argument("b", type=Path)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "save":
        return save(args.out)
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
