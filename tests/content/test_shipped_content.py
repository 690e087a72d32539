"""The content and interface text we ship: complete in four languages, sourced, honest."""

import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import polib
import pytest
from django.apps import apps

from config import languages
from decide.flow import wording_nodes
from decide.models import DecisionText
from editorial import completeness
from faq.models import Category, Entry
from guides.models import Procedure
from operators.models import Operator

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Where shipped text may link: the operators', the state's and cited press sites.
ALLOWED_DOMAINS = {
    "kcell.kz",
    "activ.kz",
    "beeline.kz",
    "tele2.kz",
    "altel.kz",
    "izi.me",
    "gov.kz",
    "egov.kz",
    "adilet.zan.kz",
    "kursiv.media",
    "astanatimes.com",
    "timesca.com",
    "zakon.kz",
    # added 2026-12-06 (issue 23): press, a state agency's news page and two law firms, each checked by an editor
    "baq.kz",
    "inform.kz",
    "ortcom.kz",
    "wpk.kz",
    "squirepattonboggs.com",
}
HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{4,}|t\.me/|telegram\.me|wa\.me/|whatsapp\.com/|viber://", re.I)
URL = re.compile(r"https?://[^\s)\]>\"'»]+")


def all_shipped_objects():
    for model in apps.get_models():
        if completeness.translated_fields(model) and model._meta.app_label in {"operators", "guides", "faq"}:
            yield from model.objects.all()


def every_text():
    for obj in all_shipped_objects():
        for field in completeness.translated_fields(type(obj)):
            for code in languages.CODES:
                yield obj, field, code, getattr(obj, languages.field_name(field, code)) or ""


def test_the_guide_ships_enough_content(shipped_content):
    assert Operator.objects.count() >= 6
    assert Procedure.objects.published().count() >= 30
    assert Entry.objects.published().count() >= 25
    assert Category.objects.filter(entries__status="published").distinct().count() >= 5
    assert set(DecisionText.objects.values_list("key", flat=True)) >= {node.key for node in wording_nodes()}


def test_every_translatable_field_is_filled_in_all_four_languages(shipped_content):
    """Walks the modeltranslation registry, so a new field can't be forgotten."""
    missing = [
        f"{obj._meta.label} {obj} — {code}: {', '.join(fields)}"
        for obj in all_shipped_objects()
        for code in languages.CODES
        if (fields := completeness.missing_fields(obj, code))
    ]
    assert not missing, "\n".join(missing[:30])


def test_chinese_is_simplified_only(shipped_content):
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    traditional = [
        f"{obj._meta.label} {obj} {field}: {text[:40]}"
        for obj, field, code, text in every_text()
        if code == "zh-hans" and to_simplified.convert(text) != text
    ]
    assert not traditional, "\n".join(traditional[:20])


def test_kazakh_fields_are_kazakh_not_russian(shipped_content):
    """Long Kazakh texts use letters Russian doesn't have (ә ғ қ ң ө ұ ү һ і)."""
    kazakh_letters = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
    suspicious = [
        f"{obj._meta.label} {obj} {field}: {text[:50]}"
        for obj, field, code, text in every_text()
        if code == "kk" and len(text) > 60 and not kazakh_letters.search(text)
    ]
    assert not suspicious, "\n".join(suspicious[:20])


def test_no_messenger_handles_or_foreign_links(shipped_content):
    problems = []
    for obj, field, code, text in every_text():
        if HANDLE.search(text):
            problems.append(f"handle in {obj} {field} [{code}]: {HANDLE.search(text).group(0)}")
        for url in URL.findall(text):
            host = urlparse(url).hostname or ""
            if not any(host == d or host.endswith("." + d) for d in ALLOWED_DOMAINS):
                problems.append(f"link outside the allow-list in {obj} {field} [{code}]: {url}")
    from operators.models import Contact

    contact_urls = [value for value in Contact.objects.values_list("value", flat=True) if "://" in value]
    for url in [*Operator.objects.values_list("website", flat=True), *contact_urls]:
        host = urlparse(url).hostname or ""
        assert not url or any(host == d or host.endswith("." + d) for d in ALLOWED_DOMAINS), url
    from guides.models import Source

    for url in Source.objects.values_list("url", flat=True):
        host = urlparse(url).hostname or ""
        assert any(host == d or host.endswith("." + d) for d in ALLOWED_DOMAINS), url
    assert not problems, "\n".join(problems[:20])


def test_every_procedure_and_operator_has_a_source_and_shows_unverified(shipped_content, client):
    # A procedure no page supports keeps no source rather than one that says something else;
    # then it states nothing as fact: its time and cost are "not confirmed" (issue 23).
    for procedure in Procedure.objects.filter(sources__isnull=True):
        for note in (procedure.duration_note_en, procedure.cost_note_en):
            assert note.startswith("Not confirmed"), f"{procedure}: no source, yet {note!r}"
    assert not Operator.objects.filter(sources__isnull=True).exists()
    assert not Procedure.objects.filter(verified_on__isnull=False).exists()
    assert not Operator.objects.filter(verified_on__isnull=False).exists()
    procedure = Procedure.objects.published().select_related("operator").first()
    for code in languages.CODES:
        html = client.get(f"/{code}/operators/{procedure.operator.slug}/{procedure.slug}/").content.decode()
        from django.utils import translation

        with translation.override(code):
            assert translation.gettext("Not yet verified.") in html


def test_the_spam_brief_left_no_trace():
    shipped_text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yaml"))
    for banned in ("astelit", "taraztel", "jx0703", "esim1088", "t.me/"):
        assert banned not in shipped_text.lower()


@pytest.mark.parametrize("code", languages.CODES)
def test_interface_catalogs_are_complete_and_compiled(code):
    locale = languages.get(code).locale
    po_path = ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]
    # The committed .mo is what the site reads: it must say what the .po says.
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalog if e.msgid}
    built = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in compiled if e.msgid}
    assert source == built


def test_every_gettext_string_in_the_code_is_in_the_catalogs(tmp_path, settings):
    """makemessages over the code finds nothing the committed catalog lacks."""
    result = subprocess.run(["xgettext", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, "gettext tools are needed (apt-get install gettext)"
    import os
    import shutil

    from django.core.management import call_command

    work = tmp_path / "project"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "data", "node_modules"))
    # makemessages writes to LOCALE_PATHS[0]: the copy's catalog, never the committed one.
    settings.LOCALE_PATHS = [work / "locale", work / "locale_django_kk"]
    committed_before = (ROOT / "locale/ru/LC_MESSAGES/django.po").read_bytes()
    cwd = os.getcwd()
    try:
        os.chdir(work)
        call_command(
            "makemessages",
            locale=["ru"],
            ignore_patterns=[".venv", "staticfiles", "locale_django_kk", "tests", "bench", "data"],
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    assert (ROOT / "locale/ru/LC_MESSAGES/django.po").read_bytes() == committed_before
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(work / "locale/ru/LC_MESSAGES/django.po")) if e.msgid}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(ROOT / "locale/ru/LC_MESSAGES/django.po")) if e.msgid}
    assert fresh <= committed, sorted(fresh - committed)[:10]
