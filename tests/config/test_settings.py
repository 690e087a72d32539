import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from config import languages
from guides.models import Procedure

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_without_secret_key_refuses_to_start():
    result = run_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_mode_with_secret_key_starts(tmp_path):
    result = run_check(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-test-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="guide.example.kz",
        DJANGO_SITE_URL="https://guide.example.kz",
        DJANGO_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "site_url", [None, "guide.example.kz", "https://guide.example.kz/ru/", "ftp://guide.example.kz"]
)
def test_production_mode_needs_a_public_origin(tmp_path, site_url):
    env = {"DJANGO_SITE_URL": site_url} if site_url else {}
    result = run_check(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-test-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="guide.example.kz",
        DJANGO_DATA_DIR=str(tmp_path),
        **env,
    )
    assert result.returncode != 0
    assert "DJANGO_SITE_URL" in result.stderr


def test_fallbacks_follow_the_language_table():
    assert settings.MODELTRANSLATION_FALLBACK_LANGUAGES == {
        "default": ("en",),
        "zh-hans": ("en", "ru"),
        "ru": ("en",),
        "kk": ("ru", "en"),
        "en": ("ru",),
    }


def test_one_table_spells_every_code():
    zh = languages.get("zh-hans")
    assert (zh.locale, zh.field_suffix, zh.og_locale) == ("zh_Hans", "zh_hans", "zh_CN")
    # The table's spellings are the ones the libraries derive on their own: Django reads a
    # language's catalog from the folder to_locale() names, modeltranslation names its
    # columns with build_localized_fieldname(). (settings.py builds LANGUAGES and
    # MODELTRANSLATION_LANGUAGES from the table and asserts that at import.)
    catalogs = {path.parent.parent.name for path in (ROOT / "locale").glob("*/LC_MESSAGES/django.po")}
    assert catalogs == {language.locale for language in languages.LANGUAGES}
    for language in languages.LANGUAGES:
        assert translation.to_locale(language.code) == language.locale
        column = languages.field_name("title", language.code)
        assert column == build_localized_fieldname("title", language.code)
        Procedure._meta.get_field(column)  # the column exists (FieldDoesNotExist otherwise)


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="the SQLite defaults only")
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5
