"""Production-mode gunicorn servers on loopback, with real SQLite, PostgreSQL and Redis."""

from __future__ import annotations

import http.cookiejar
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid

import psycopg
import pytest

from bench.servers import base_environment, prepare_site
from tests.html import form_fields

POSTGRES = os.environ.get("KZSIM_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("KZSIM_TEST_REDIS", "redis://127.0.0.1:6379/13")
ADMIN_PASSWORD = "correct-horse-battery-9"
CREATE_ADMIN = (
    "from django.contrib.auth import get_user_model;"
    f"get_user_model().objects.create_superuser('editor', 'editor@example.org', '{ADMIN_PASSWORD}')"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/production/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory):
    """A production-mode SQLite site with the shipped content and an editor account."""
    root = tmp_path_factory.mktemp("sqlite-site")
    env = base_environment(data_dir=root / "data", static_root=root / "static")
    (root / "data").mkdir()
    prepare_site(env, extra_python=CREATE_ADMIN)
    return env, root


@pytest.fixture(scope="session")
def postgres_site(tmp_path_factory):
    """The same site on a fresh PostgreSQL database and the machine's Redis."""
    name = f"kzsim_scaleout_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(POSTGRES, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    root = tmp_path_factory.mktemp("postgres-site")
    database_url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    env = base_environment(data_dir=root, static_root=root / "static", database_url=database_url, redis_url=REDIS)
    env["DJANGO_CACHE_PREFIX"] = name  # this run's keys only
    try:
        prepare_site(env, extra_python=CREATE_ADMIN)
        yield env, root
    finally:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


class Browser:
    """A tiny cookie-keeping HTTP client for one editor session."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base_url + path, data=data, headers={"Referer": self.base_url + path})
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_in(self) -> None:
        status, html = self.get("/admin/login/")
        fields = dict(form_fields(html, "login-form"))
        fields.update({"username": "editor", "password": ADMIN_PASSWORD})
        status, _ = self.post("/admin/login/", list(fields.items()))
        assert status == 302, "admin login failed"

    def edit(self, path: str, changes: dict[str, str]) -> int:
        """Open an admin change form, change some fields, submit it as a browser would."""
        status, html = self.get(path)
        assert status == 200, path
        fields = [(name, changes.get(name, value)) for name, value in form_fields(html, _form_id(html))]
        # Answers the form doesn't carry yet (an unticked radio: major or minor).
        fields += [(name, value) for name, value in changes.items() if name not in {n for n, _ in fields}]
        status, _body = self.post(path, fields)
        return status


def _form_id(html: str) -> str:
    import re

    return re.search(r'<form[^>]+id="(\w+_form)"', html).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def editor_browser():
    return Browser
