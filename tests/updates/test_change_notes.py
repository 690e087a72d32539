"""Change notes as an editor makes them and a reader sees them: major or minor on save,
"Last updated" with the updates list, first publication, four languages."""

from __future__ import annotations

import datetime
import importlib
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from config import languages
from editorial import change_notes
from editorial.models import ChangeNote, Status
from editorial.roles import TRANSLATOR
from guides.models import Procedure
from tests.admin_forms import change_url, staff, submit
from tests.factories import EntryFactory, OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

NOTE = {
    "en": "You now need your ID card and the SIM card.",
    "ru": "Теперь нужны удостоверение личности и SIM-карта.",
    "kk": "Енді жеке куәлік пен SIM-карта керек.",
    "zh-hans": "现在需要身份证和SIM卡。",
}
LAST_UPDATED = {"en": "Last updated", "ru": "Обновлено", "kk": "Соңғы рет жаңартылды", "zh-hans": "最近更新"}
DAY = datetime.date(2026, 11, 10)


def visit(client, url: str, code: str) -> str:
    with translation.override(code):
        return client.get(url).content.decode()


def procedure_url(procedure, code: str) -> str:
    with translation.override(code):
        return procedure.get_absolute_url()


def shown_date(html: str) -> str | None:
    found = re.search(r'class="last-updated">.*?<time datetime="([0-9-]+)"', html, re.S)
    return found.group(1) if found else None


@pytest.fixture
def published(db):
    procedure = ProcedureFactory(with_steps=2)
    change_notes.record_first_publication(procedure, on=DAY)
    return procedure


@pytest.mark.parametrize("code", languages.CODES)
def test_an_editor_must_say_major_or_minor_and_a_major_change_needs_a_note(editor_client, published, code):
    url = change_url(published)
    response = submit(editor_client, url, {"title_en": "Cancel at the office"}, language=code)
    assert response.status_code == 200, "saved without saying major or minor"
    with translation.override(code):
        required = translation.gettext("This field is required.")
        say = translation.gettext("Say in a sentence what changed for readers.")
    assert required in response.content.decode()
    response = submit(editor_client, url, {"title_en": "Cancel at the office", "change_kind": "major"}, language=code)
    assert response.status_code == 200
    assert say in response.content.decode()
    published.refresh_from_db()
    assert published.title_en != "Cancel at the office"
    assert not ChangeNote.objects.filter(kind=ChangeNote.Kind.MAJOR).exists()


@pytest.mark.parametrize("code", languages.CODES)
def test_a_major_change_moves_the_date_and_its_note_is_listed_in_the_editors_language(
    editor_client, client, published, code
):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)):
        response = submit(
            editor_client,
            change_url(published),
            {"summary_en": "New rules", "change_kind": "major", "change_note": NOTE[code]},
            language=code,
        )
    assert response.status_code == 302
    note = ChangeNote.objects.get(kind=ChangeNote.Kind.MAJOR)
    assert getattr(note, languages.field_name("note", code)) == NOTE[code]
    assert note.changed_on == datetime.date(2026, 11, 20)

    page = visit(client, procedure_url(published, code), code)
    assert LAST_UPDATED[code] in page
    assert shown_date(page) == "2026-11-20"
    with translation.override(code):
        updates_url = reverse("updates:procedure", args=[published.operator.slug, published.slug])
    assert f'href="{updates_url}"' in page
    updates = visit(client, updates_url, code)
    assert NOTE[code] in updates
    # Newest first: the change, then the first publication.
    assert updates.index("2026-11-20") < updates.index(DAY.isoformat())


def test_a_minor_change_leaves_the_date_and_adds_no_note(editor_client, client, published):
    response = submit(editor_client, change_url(published), {"summary_en": "Typo fixed", "change_kind": "minor"})
    assert response.status_code == 302
    assert list(ChangeNote.objects.values_list("kind", flat=True)) == [ChangeNote.Kind.PUBLISHED]
    assert shown_date(visit(client, procedure_url(published, "en"), "en")) == DAY.isoformat()


@pytest.mark.parametrize("code", ["kk", "zh-hans"])
def test_a_note_not_yet_translated_is_shown_in_its_language_and_marked(client, published, code):
    change_notes.record_major_change(published, notes={"ru": NOTE["ru"]}, on=DAY + datetime.timedelta(days=1))
    with translation.override(code):
        html = client.get(reverse("updates:procedure", args=[published.operator.slug, published.slug])).content
    html = html.decode()
    assert f'lang="ru" class="fallback">{NOTE["ru"]}' in html


def test_a_translator_is_not_asked_and_leaves_no_note(published):
    translator = Client()
    translator.force_login(staff(TRANSLATOR, "translator"))
    page = translator.get(change_url(published)).content.decode()
    assert 'name="change_kind"' not in page
    response = submit(translator, change_url(published), {"title_kk": "Шартты бұзу"})
    assert response.status_code == 302
    assert not ChangeNote.objects.filter(kind=ChangeNote.Kind.MAJOR).exists()


def test_a_draft_is_not_asked_and_publishing_it_records_its_first_publication(editor_client, client):
    draft = ProcedureFactory(status=Status.DRAFT, with_steps=1)
    assert 'name="change_kind"' not in editor_client.get(change_url(draft)).content.decode()
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC)):
        assert submit(editor_client, change_url(draft), {"status": Status.PUBLISHED}).status_code == 302
    note = ChangeNote.objects.get()
    assert (note.kind, note.changed_on) == (ChangeNote.Kind.PUBLISHED, datetime.date(2026, 11, 25))
    assert shown_date(visit(client, procedure_url(draft, "en"), "en")) == "2026-11-25"


def test_an_operators_contacts_and_an_faq_entry_take_notes_too(editor_client, client):
    operator = OperatorFactory(slug="kcell")
    entry = EntryFactory()
    for obj in (operator, entry):
        change_notes.record_first_publication(obj, on=DAY)
        response = submit(
            editor_client, change_url(obj), {"change_kind": "major", "change_note": "The support number changed."}
        )
        assert response.status_code == 302
    assert ChangeNote.objects.filter(kind=ChangeNote.Kind.MAJOR).count() == 2
    today = ChangeNote.objects.filter(kind=ChangeNote.Kind.MAJOR).first().changed_on.isoformat()
    assert shown_date(visit(client, operator.get_absolute_url(), "en")) == today
    assert shown_date(visit(client, reverse("faq:index"), "en")) == today


def test_the_operator_page_shows_its_newest_procedure_change_and_lists_both(client, published):
    operator = published.operator
    change_notes.record_first_publication(operator, on=DAY - datetime.timedelta(days=5))
    change_notes.record_major_change(published, notes=NOTE, on=DAY + datetime.timedelta(days=3))
    html = visit(client, operator.get_absolute_url(), "en")
    assert shown_date(html) == (DAY + datetime.timedelta(days=3)).isoformat()
    updates = visit(client, reverse("updates:operator", args=[operator.slug]), "en")
    assert NOTE["en"] in updates and "First published." in updates


def test_updates_of_a_draft_or_an_inactive_operator_are_not_public(client, published):
    change_notes.record_major_change(published, notes=NOTE, on=DAY)
    published.status = Status.DRAFT
    published.save()
    assert NOTE["en"] not in visit(client, reverse("updates:list"), "en")
    url = reverse("updates:procedure", args=[published.operator.slug, published.slug])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("slug", ["updates", "print"])
def test_the_operators_own_paths_are_reserved_slugs(slug):
    procedure = ProcedureFactory.build(operator=OperatorFactory(), slug=slug)
    with pytest.raises(Exception, match="reserved"):
        procedure.full_clean()


def test_deleting_a_procedure_deletes_its_notes(published):
    change_notes.record_major_change(published, notes=NOTE, on=DAY)
    published.steps.all().delete()
    published.required_documents.all().delete()
    Procedure.objects.filter(pk=published.pk).delete()
    assert not ChangeNote.objects.exists()


def test_the_print_sheet_shows_its_newest_procedures_date(client, published):
    other = ProcedureFactory(operator=published.operator, with_steps=1)
    change_notes.record_major_change(other, notes=NOTE, on=DAY + datetime.timedelta(days=2))
    with translation.override("ru"):
        html = client.get(reverse("printing:sheet", args=[published.operator.slug]) + "?with=kk").content.decode()
    assert "Обновлено: 12 ноября 2026" in html
    assert "Соңғы рет жаңартылды: 2026 жылғы 12 қараша" in html


@pytest.mark.parametrize("page", ["procedure", "operator", "site"])
def test_updates_pages_make_the_same_queries_with_few_or_many_notes(client, published, page, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Count real work: a cached page would pass as zero queries.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    operator = published.operator
    url = {
        "procedure": reverse("updates:procedure", args=[operator.slug, published.slug]),
        "operator": reverse("updates:operator", args=[operator.slug]),
        "site": reverse("updates:list"),
    }[page]
    # One note of each kind of page already (its pages are read with one query per kind).
    change_notes.record_major_change(operator, notes=NOTE, on=DAY)
    change_notes.record_major_change(EntryFactory(), notes=NOTE, on=DAY)
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for day in range(12):
        change_notes.record_major_change(published, notes=NOTE, on=DAY + datetime.timedelta(days=day))
        change_notes.record_major_change(EntryFactory(), notes=NOTE, on=DAY + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) > 0, "served from a cache: nothing was counted"
    assert len(many) == len(few)


def test_the_sitemap_dates_pages_by_their_last_major_change(client, published):
    change_notes.record_major_change(published, notes=NOTE, on=datetime.date(2026, 11, 12))
    published.summary_en = "A typo fixed after the change"
    published.save()  # updated_at moves; the sitemap's date must not
    xml = client.get("/sitemap.xml").content.decode()
    location = f"<loc>https://guide.example.kz{procedure_url(published, 'en')}</loc>"
    [entry] = [block for block in xml.split("<url>") if location in block]
    assert "<lastmod>2026-11-12</lastmod>" in entry


def test_the_migration_dates_editors_pages_by_their_history_and_leaves_shipped_ones_to_the_loader():
    import reversion
    from django.apps import apps
    from reversion.models import Revision

    from guides.models import LoadedContent

    made_by_editor = ProcedureFactory(with_steps=1)
    with reversion.create_revision():
        made_by_editor.save()
    Revision.objects.update(date_created=datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC))
    shipped = ProcedureFactory(with_steps=1)
    LoadedContent.objects.create(key=f"procedure:{shipped.operator.slug}/{shipped.slug}", data={})
    draft = ProcedureFactory(with_steps=1, status=Status.DRAFT)

    importlib.import_module("guides.migrations.0008_first_published_notes").backfill(apps, None)
    [note] = ChangeNote.objects.all()
    assert (note.object_id, note.kind, note.changed_on) == (made_by_editor.pk, "published", datetime.date(2026, 3, 4))
    assert draft.pk != note.object_id


@pytest.mark.parametrize(
    ("migration", "factory", "key", "hidden"),
    [
        ("faq.migrations.0005_first_published_notes", EntryFactory, "entry", {"status": Status.DRAFT}),
        ("operators.migrations.0005_first_published_notes", OperatorFactory, "operator", {"active": False}),
    ],
)
def test_the_faq_and_operator_migrations_date_editors_objects_by_their_history(migration, factory, key, hidden):
    import reversion
    from django.apps import apps
    from reversion.models import Revision

    from guides.models import LoadedContent

    made_by_editor = factory()
    with reversion.create_revision():
        made_by_editor.save()
    Revision.objects.update(date_created=datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC))
    shipped = factory()
    LoadedContent.objects.create(key=f"{key}:{shipped.slug}", data={})
    factory(**hidden)

    importlib.import_module(migration).backfill(apps, None)
    [note] = ChangeNote.objects.all()
    assert (note.object_id, note.kind, note.changed_on) == (made_by_editor.pk, "published", datetime.date(2026, 3, 4))
