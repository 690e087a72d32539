"""Test-only settings and the fixtures most tests share."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.utils import translation

from config import languages
from tests.origin import SITE_URL

ALL_LANGUAGES = pytest.mark.parametrize("code", languages.CODES)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # A request leaves its language active in the thread; tests start from English.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The database rolls back after each test; cached pages and texts must not outlive it.
    from editorial.cache import forget_memos
    from editorial.page_cache import local_pages

    cache.clear()
    caches["limits"].clear()
    forget_memos()
    local_pages.clear()
    yield
    cache.clear()
    forget_memos()
    local_pages.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed, compressed static files need collectstatic; tests don't run it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Serve static files from the finders: no collectstatic before tests.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Absolute links come from the public origin, never from the request's Host.
    settings.SITE_URL = SITE_URL


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "correct-horse-battery")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def published_procedure(db):
    from tests.factories import ProcedureFactory

    return ProcedureFactory(with_steps=3, with_documents=2)


@pytest.fixture
def site(db):
    """A small published site (tests/site.py): two brands of one company, procedures, FAQ."""
    from tests.site import make_site

    return make_site()
