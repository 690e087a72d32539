"""Translation freshness (editorial/freshness.py): a change in one language flags the
field's other languages for review; catching up or confirming clears them; the admin
shows them with a diff; a reader of an outdated language is told and sent to the newer one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from config import languages
from editorial import freshness
from editorial.content_forms import REVIEW_FIELD
from editorial.freshness_admin import word_diff
from editorial.models import OutdatedText
from serving.models import ContentVersion
from tests.admin_forms import change_url, post_fields, submit
from tests.factories import ProcedureFactory
from tests.html import form_fields, tags

pytestmark = pytest.mark.django_db
# Editors say whether a change to a public page is major or minor; these are minor.
MINOR = {"change_kind": "minor"}

OTHERS = {code: [other for other in languages.CODES if other != code] for code in languages.CODES}


def flags(obj=None):
    """{(field, language): newest language} of `obj` (or of everything, with the model)."""
    rows = OutdatedText.objects.all()
    if obj is not None:
        rows = rows.filter(model=obj._meta.label_lower, object_id=obj.pk)
        return {(row.field, row.language): row.newest_language for row in rows}
    return {(row.model, row.object_id, row.field, row.language): row.newest_language for row in rows}


def review_keys(html: str) -> list[str]:
    """The "still matches" checkboxes of a change form."""
    return [attrs["value"] for attrs in tags(html, "input", type="checkbox", name=REVIEW_FIELD)]


# -- The rule, through the admin as an editor and a translator use it ------------------------


@pytest.mark.parametrize("code", languages.CODES)
def test_a_change_in_one_language_flags_the_other_three_on_that_field_only(editor_client, code):
    procedure = ProcedureFactory(with_steps=2)
    step = procedure.steps.first()
    response = submit(
        editor_client, change_url(procedure), {**MINOR, f"steps-0-body_{languages.get(code).field_suffix}": "New"}
    )
    assert response.status_code == 302
    assert flags(step) == {("body", other): code for other in OTHERS[code]}
    assert flags(procedure) == {}
    assert len(flags()) == 3  # nothing on the other step, the title or the procedure


def test_a_russian_change_then_a_kazakh_update_clears_kazakh_and_flags_nothing_else(editor_client, translator_client):
    procedure = ProcedureFactory(with_steps=1)
    submit(editor_client, change_url(procedure), {**MINOR, "summary_ru": "Новый порядок: заявление в салоне."})
    assert flags(procedure) == {("summary", "kk"): "ru", ("summary", "zh-hans"): "ru", ("summary", "en"): "ru"}

    assert submit(translator_client, change_url(procedure), {"summary_kk": "Жаңа тәртіп."}).status_code == 302
    assert flags(procedure) == {("summary", "zh-hans"): "ru", ("summary", "en"): "ru"}
    assert len(flags()) == 2


def test_catching_up_in_several_languages_at_once_flags_nothing(translator_client, editor_client):
    procedure = ProcedureFactory(with_steps=1)
    submit(editor_client, change_url(procedure), {**MINOR, "title_en": "Cancel the contract"})
    changes = {"title_ru": "Расторгнуть договор", "title_kk": "Шартты бұзу", "title_zh_hans": "解除合同"}
    assert submit(translator_client, change_url(procedure), changes).status_code == 302
    assert flags() == {}


def test_a_second_change_keeps_the_first_text_for_the_diff(editor_client):
    procedure = ProcedureFactory(with_steps=1, summary_ru="Один два три")
    submit(editor_client, change_url(procedure), {**MINOR, "summary_ru": "Один два четыре"})
    submit(editor_client, change_url(procedure), {**MINOR, "summary_ru": "Один пять четыре"})
    kazakh = OutdatedText.objects.get(field="summary", language="kk")
    assert kazakh.newest_before == "Один два три"


def test_filling_in_a_missing_translation_flags_nothing(translator_client):
    procedure = ProcedureFactory(with_steps=1, cost_note_en="Free", cost_note_ru="Бесплатно", cost_note_kk="")
    assert submit(translator_client, change_url(procedure), {"cost_note_kk": "Тегін"}).status_code == 302
    assert flags() == {}


def test_an_empty_text_is_missing_not_outdated(editor_client):
    procedure = ProcedureFactory(with_steps=1, cost_note_en="Free", cost_note_ru="Бесплатно", cost_note_kk="")
    procedure.cost_note_zh_hans = ""
    procedure.save()
    submit(editor_client, change_url(procedure), {**MINOR, "cost_note_ru": "Бесплатно, в салоне"})
    assert flags(procedure) == {("cost_note", "en"): "ru"}


def test_a_save_of_every_language_flags_nothing():
    procedure = ProcedureFactory(with_steps=1)
    for code in languages.CODES:
        setattr(procedure, languages.field_name("title", code), f"New title {code}")
    procedure.save()
    assert flags() == {}


def test_deleting_an_object_deletes_its_flags(editor_client):
    procedure = ProcedureFactory(with_steps=2)
    submit(editor_client, change_url(procedure), {**MINOR, "steps-1-title_ru": "Новый шаг"})
    assert len(flags()) == 3
    submit(editor_client, change_url(procedure), {**MINOR, "steps-1-DELETE": "on"})
    assert flags() == {}


def test_a_restore_from_history_flags_like_an_edit(editor_client):
    procedure = ProcedureFactory(with_steps=1, summary_ru="Первая редакция")
    url = change_url(procedure)
    submit(editor_client, url, {**MINOR, "summary_en": "First version"})
    first_version = Version.objects.get_for_object(procedure).first()
    OutdatedText.objects.all().delete()  # the editor confirmed everything
    submit(editor_client, url, {**MINOR, "summary_ru": "Вторая редакция"})
    OutdatedText.objects.all().delete()

    revision_url = reverse("admin:guides_procedure_revision", args=[procedure.pk, first_version.pk])
    fields = form_fields(editor_client.get(revision_url).content.decode(), "procedure_form")
    assert post_fields(editor_client, revision_url, fields, MINOR).status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary_ru == "Первая редакция"
    assert flags(procedure) == {("summary", "kk"): "ru", ("summary", "zh-hans"): "ru", ("summary", "en"): "ru"}


# -- Seeing and confirming in the admin -------------------------------------------------------


@pytest.mark.parametrize("code", languages.CODES)
def test_the_change_form_shows_what_to_review_with_a_diff(editor_client, translator_client, code):
    procedure = ProcedureFactory(with_steps=2, summary_ru="Заявление <b>в салоне</b> оператора")
    submit(editor_client, change_url(procedure), {**MINOR, "summary_ru": "Заявление <b>в приложении</b> оператора"})
    html = translator_client.get(change_url(procedure), HTTP_ACCEPT_LANGUAGE=code).content.decode()
    assert len(review_keys(html)) == 3
    # The change, word by word, escaped: the texts' markup is shown, never rendered.
    assert "<del>салоне&lt;/b&gt;</del><ins>приложении&lt;/b&gt;</ins>" in html
    assert 'lang="ru"' in html


@pytest.mark.django_db(transaction=True)  # real commits: the version is bumped per transaction
def test_a_translator_confirms_many_texts_with_one_invalidation(editor_client, translator_client):
    procedure = ProcedureFactory(with_steps=2)
    submit(editor_client, change_url(procedure), {**MINOR, "title_ru": "Новое", "steps-1-body_ru": "Новый текст"})
    assert len(flags()) == 6
    url = change_url(procedure)
    html = translator_client.get(url).content.decode()
    keys = review_keys(html)
    assert len(keys) == 6
    fields = [(name, value) for name, value in form_fields(html, "procedure_form") if name != REVIEW_FIELD]
    chosen = [key for key in keys if OutdatedText.objects.get(pk=int(key.partition("@")[0])).language != "en"]
    before = ContentVersion.current()
    with CaptureQueriesContext(connection) as queries:
        response = translator_client.post(url, _with_checked(fields, chosen))
    assert response.status_code == 302
    assert {language for (_field, language) in {**flags(procedure), **flags(procedure.steps.last())}} == {"en"}
    assert ContentVersion.current() == before + 1
    bumps = [q for q in queries.captured_queries if 'UPDATE "guides_contentversion"' in q["sql"]]
    assert len(bumps) == 1


def test_a_confirmation_of_a_text_that_changed_again_is_not_taken(editor_client, translator_client):
    procedure = ProcedureFactory(with_steps=1)
    url = change_url(procedure)
    submit(editor_client, url, {**MINOR, "title_ru": "Новое"})
    html = translator_client.get(url).content.decode()
    keys = review_keys(html)
    OutdatedText.objects.update(since=OutdatedText.objects.first().since.replace(year=2030))  # changed again
    response = post_fields(translator_client, url, [*form_fields(html, "procedure_form"), (REVIEW_FIELD, keys[0])])
    # The save goes through, but the ticked box named the newest text as it was shown.
    assert response.status_code == 302
    assert len(flags()) == 3


def test_a_form_clears_only_the_flags_of_what_it_shows(editor_client, translator_client):
    mine, other = ProcedureFactory(with_steps=1), ProcedureFactory(with_steps=1)
    submit(editor_client, change_url(mine), {**MINOR, "title_ru": "Новое"})
    submit(editor_client, change_url(other), {**MINOR, "title_ru": "Другое"})
    theirs = [freshness.key_of(flag) for flag in freshness.flags_of([other])]
    assert len(theirs) == 3
    url = change_url(mine)
    html = translator_client.get(url).content.decode()
    fields = [(name, value) for name, value in form_fields(html, "procedure_form") if name != REVIEW_FIELD]
    # A crafted form posts the keys of another procedure's flags.
    response = translator_client.post(url, _with_checked(fields, theirs))
    assert response.status_code == 302
    assert len(flags(other)) == 3
    assert len(flags(mine)) == 3


def _with_checked(fields, keys):
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data[REVIEW_FIELD] = list(keys)
    return data


def test_word_diff_marks_words_and_escapes():
    html = word_diff("Bring <your> passport", "Bring your ID card")
    assert html == "Bring <del>&lt;your&gt;</del><ins>your</ins> <del>passport</del><ins>ID card</ins>"


# -- Readers ----------------------------------------------------------------------------------


@pytest.fixture
def no_page_cache(settings):
    # These tests run in one transaction, whose end would publish the new content version:
    # count real renders (the invalidation itself: tests/serving/test_cached_pages.py and above).
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize("code", languages.CODES)
def test_readers_of_an_outdated_language_see_a_notice_until_it_is_confirmed(no_page_cache, editor_client, code):
    client = Client()
    procedure = ProcedureFactory(with_steps=2)
    newest = "ru" if code != "ru" else "en"
    with translation.override(code):
        url = procedure.get_absolute_url()
    with translation.override(newest):
        newer_url = procedure.get_absolute_url()
    assert "freshness-notice" not in client.get(url).content.decode()

    field = languages.field_name("body", newest).removeprefix("body_")
    submit(editor_client, change_url(procedure), {**MINOR, f"steps-1-body_{field}": "A new rule"})
    notice = _notice(client.get(url).content.decode())
    assert tags(notice, "a", href=newer_url, hreflang=newest)
    with translation.override(code):
        assert str(freshness._READ_IN[newest]) in notice
    with translation.override(newest):
        assert "freshness-notice" not in client.get(newer_url).content.decode()

    freshness.confirm(keys=[freshness.key_of(flag) for flag in OutdatedText.objects.filter(language=code)])
    assert "freshness-notice" not in client.get(url).content.decode()


def _notice(html: str) -> str:
    """The freshness notice of a page ("" if none)."""
    start = html.find('class="notice freshness-notice"')
    return html[start : html.index("</div>", start)] if start >= 0 else ""


def test_the_notice_costs_one_query_whatever_the_page(client, no_page_cache):
    small = ProcedureFactory(with_steps=1)
    large = ProcedureFactory(operator=small.operator, with_steps=30, with_documents=10)
    for step in large.steps.all()[:20]:
        step.body_ru = "Новое"
        step.save()

    def count(procedure, code):
        with translation.override(code):
            url = procedure.get_absolute_url()
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return len(queries), "freshness-notice" in html

    assert count(small, "kk") == (count(large, "kk")[0], False)
    assert count(large, "kk")[1] is True


@pytest.mark.parametrize("code", languages.CODES)
def test_operator_and_faq_pages_carry_the_notice_for_the_texts_they_show(no_page_cache, site, code):
    from faq.models import Entry

    client = Client()
    newest = "en" if code == "ru" else "ru"
    with translation.override(code):
        operator_url, faq_url = site["kcell"].get_absolute_url(), reverse("faq:index")
    contact = site["kcell"].contacts.get(order=1)
    entry = Entry.objects.get(slug="restore")
    # Texts no reader sees make no notice.
    for obj in (site["kcell"], entry):
        for language in languages.CODES:
            setattr(obj, languages.field_name("search_keywords", language), f"keywords {language}")
        obj.save()
        setattr(obj, languages.field_name("search_keywords", newest), "new, keywords")
        obj.save()
    assert OutdatedText.objects.filter(field="search_keywords", language=code).count() == 2
    assert not _notice(client.get(operator_url).content.decode())
    assert not _notice(client.get(faq_url).content.decode())

    setattr(contact, languages.field_name("note", newest), "A new note")
    contact.save()
    assert _notice(client.get(operator_url).content.decode())
    assert not _notice(client.get(faq_url).content.decode())

    setattr(entry, languages.field_name("answer", newest), "A new answer")
    entry.save()
    assert tags(_notice(client.get(faq_url).content.decode()), "a", hreflang=newest)
