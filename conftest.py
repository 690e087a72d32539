"""Test-only settings and the fixtures most tests share."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from config import languages

ALL_LANGUAGES = pytest.mark.parametrize("code", languages.CODES)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed, compressed static files need collectstatic; tests don't run it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
