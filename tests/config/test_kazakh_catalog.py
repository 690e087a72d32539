"""Django ships its Kazakh catalog a third untranslated; ours completes it."""

import re
from pathlib import Path

import django
import polib
import pytest
from django.utils import translation

DJANGO = Path(django.__file__).parent
CATALOGS = [
    "conf/locale/kk/LC_MESSAGES/django.po",
    "contrib/admin/locale/kk/LC_MESSAGES/django.po",
    "contrib/admin/locale/kk/LC_MESSAGES/djangojs.po",
    "contrib/auth/locale/kk/LC_MESSAGES/django.po",
    "contrib/contenttypes/locale/kk/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_string_django_leaves_untranslated_is_kazakh_here(catalog):
    entries = [
        e
        for e in polib.pofile(str(DJANGO / catalog))
        if e.msgid and (not e.translated() or e.fuzzy) and re.sub(r"%\(\w+\)\w|\W", "", e.msgid)
    ]
    assert entries, "Django's catalog has untranslated strings to complete"
    untranslated = []
    with translation.override("kk"):
        for entry in entries:
            if entry.msgid_plural:
                shown = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                )
                english = entry.msgid_plural
            else:
                shown = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                english = entry.msgid
            if "djangojs" in catalog:
                continue  # checked through the JavaScript catalog below
            if shown == english:
                untranslated.append(entry.msgid)
    assert not untranslated, untranslated[:10]


@pytest.mark.django_db
def test_the_admin_javascript_catalog_is_kazakh(client):
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="kk")
    if response.status_code == 302:  # needs a login
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.create_superuser("a", "a@example.org", "x-long-password"))
        response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="kk")
    body = response.content.decode()
    january = "Қаңтар"
    assert january in body or january.encode("ascii", "backslashreplace").decode().lower() in body.lower()


@pytest.mark.parametrize(("english", "kazakh"), [("Change", "Өзгерту"), ("Date/time", "Күні/уақыты")])
def test_djangos_own_kazakh_typos_are_corrected(english, kazakh):
    with translation.override("kk"):
        assert translation.gettext(english) == kazakh
