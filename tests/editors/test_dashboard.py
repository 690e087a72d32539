"""The editors' dashboard lists exactly what needs attention, with working links, in
every language, for a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import languages
from editorial.models import Status
from editors import dashboard
from feedback.models import Report
from tests.factories import CategoryFactory, EntryFactory, OperatorFactory, ProcedureFactory, StepFactory

pytestmark = pytest.mark.django_db
# Editors say whether a change to a public page is major or minor; these are minor.
MINOR = {"change_kind": "minor"}

# A ceiling that grows by one per content model (change notes are one), and by four per
# language for what readers searched for: the real test is "the same for small and large".
DASHBOARD_QUERIES = 37


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def content(settings):
    """Exactly one object for each thing the dashboard must list, and some it must not."""
    today = timezone.localdate()
    fresh = today - timedelta(days=1)
    operator = OperatorFactory(verified_on=fresh)
    objects = {
        "stale": ProcedureFactory(
            operator=operator, verified_on=today - timedelta(days=settings.STALE_AFTER_DAYS + 1), with_steps=1
        ),
        # Verified exactly N days ago: not yet "more than N days".
        "edge": ProcedureFactory(operator=operator, verified_on=today - timedelta(days=settings.STALE_AFTER_DAYS)),
        "fresh": ProcedureFactory(operator=operator, verified_on=fresh, with_steps=1, with_documents=1),
        "never": ProcedureFactory(operator=operator, verified_on=None, with_steps=1),
        "draft": ProcedureFactory(operator=operator, verified_on=fresh, status=Status.DRAFT),
        "no_kk_title": ProcedureFactory(operator=operator, verified_on=fresh, title_kk=""),
        "unverified_operator": OperatorFactory(verified_on=None),
    }
    objects["step_without_zh"] = StepFactory(procedure=objects["fresh"], order=2, body_zh_hans="")
    category = CategoryFactory()
    objects["entry"] = EntryFactory(category=category, verified_on=fresh)
    objects["unverified_entry"] = EntryFactory(category=category, verified_on=None)
    objects["draft_entry"] = EntryFactory(category=category, verified_on=fresh, status=Status.DRAFT)
    objects["open_report"] = Report.objects.create(page="/en/faq/", message="The number is wrong")
    objects["handled_report"] = Report.objects.create(page="/en/", message="Fixed", handled_at=timezone.now())
    return objects


def listed(board: dashboard.Dashboard) -> dict[str, set[str]]:
    return {section.key: {link.url for link in section.links} for section in (*board.sections, *board.translations)}


def test_lists_exactly_what_needs_attention(content, superuser):
    board = dashboard.build(user=superuser)
    assert listed(board) == {
        "stale": {change_url(content["stale"])},
        "never-verified-procedure": {change_url(content["never"])},
        "never-verified-entry": {change_url(content["unverified_entry"])},
        "never-verified-operator": {change_url(content["unverified_operator"])},
        "drafts-procedure": {change_url(content["draft"])},
        "drafts-entry": {change_url(content["draft_entry"])},
        "open-reports": {change_url(content["open_report"])},
        "missing-zh-hans": {change_url(content["fresh"])},
        "missing-ru": set(),
        "missing-kk": {change_url(content["no_kk_title"])},
        "missing-en": set(),
    }
    assert all(section.total == len(section.links) for section in (*board.sections, *board.translations))


def test_missing_translations_name_the_fields(content, superuser):
    board = dashboard.build(user=superuser)
    details = {section.key: [link.detail for link in section.links] for section in board.translations}
    assert details["missing-kk"] == ["title"]
    assert details["missing-zh-hans"] == ["step 2: text"]


def test_a_missing_document_note_is_named_with_its_document(content, superuser):
    required = content["fresh"].required_documents.get()
    required.note_en = "Original, not a copy"
    required.save()
    board = dashboard.build(user=superuser)
    kk = next(section for section in board.translations if section.key == "missing-kk")
    fresh = next(link for link in kk.links if link.url == change_url(content["fresh"]))
    assert fresh.detail == f"{required.document}: note"


def test_every_link_opens(content, superuser, admin_client):
    board = dashboard.build(user=superuser)
    urls = {link.url for section in (*board.sections, *board.translations) for link in section.links}
    urls |= {section.changelist_url for section in board.sections}
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_reports_link_to_the_open_ones(content, superuser):
    reports = next(section for section in dashboard.build(user=superuser).sections if section.key == "open-reports")
    assert reports.changelist_url == reverse("admin:feedback_report_changelist") + "?state=open"


@pytest.mark.parametrize("code", languages.CODES)
def test_renders_on_the_admin_index(content, admin_client, code):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == code
    page = response.content.decode()
    assert 'class="module editor-dashboard"' in page
    assert "/static/admin_extra/dashboard.css" in page
    for key in ("stale", "drafts-procedure", "open-reports", "missing-kk"):
        assert f'id="dashboard-{key}"' in page
    for name in ("stale", "never", "draft", "unverified_operator", "draft_entry", "open_report", "no_kk_title"):
        assert f'href="{change_url(content[name])}"' in page
    assert "<script" not in page.split('id="editor-dashboard-title"')[1].split("</section>")[0]
    assert " style=" not in page


def test_long_lists_are_capped_with_a_link_to_the_rest(superuser, admin_client):
    ProcedureFactory.create_batch(dashboard.LIMIT + 3, status=Status.DRAFT)
    board = dashboard.build(user=superuser)
    drafts = next(section for section in board.sections if section.key == "drafts-procedure")
    assert (len(drafts.links), drafts.total, drafts.more) == (dashboard.LIMIT, dashboard.LIMIT + 3, 3)
    page = admin_client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:guides_procedure_changelist") + "?status__exact=draft"
    assert f'<a href="{changelist}">and 3 more</a>' in page


def test_hidden_from_staff_who_cannot_change_content(client):
    user = get_user_model().objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "editor-dashboard" not in page
    assert dashboard.build(user=user) is None


def test_shows_only_what_the_editor_may_change(content, client):
    user = get_user_model().objects.create_user("faq-editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_entry"))
    client.force_login(user)
    board = dashboard.build(user=get_user_model().objects.get(pk=user.pk))
    assert [section.key for section in board.sections] == ["never-verified-entry", "drafts-entry"]
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("code", languages.CODES)
def test_texts_to_review_are_listed_per_language_with_their_field(content, editor_client, code):
    from tests.admin_forms import submit

    procedure, step = content["never"], content["never"].steps.get()
    newest = "en" if code == "ru" else "ru"
    suffix = languages.get(newest).field_suffix
    assert (
        submit(editor_client, change_url(procedure), {**MINOR, f"steps-0-body_{suffix}": "New rule"}).status_code == 302
    )
    user = get_user_model().objects.get(username="editor")
    reviews = {section.key: section for section in dashboard.build(user=user).reviews}
    assert reviews[f"review-{newest}"].links == ()
    [link] = reviews[f"review-{code}"].links
    assert link.url == change_url(procedure)
    assert f"“{step}”" in link.detail
    assert str(step._meta.get_field("body").verbose_name) in link.detail.lower()
    page = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=code).content.decode()
    assert f'id="dashboard-review-{code}"' in page
    assert editor_client.get(link.url).status_code == 200


def make_content(size: int) -> None:
    """Content of `size` procedures (with steps and documents), entries and reports, with
    something to list in every section."""
    today = timezone.localdate()
    for index in range(size):
        procedure = ProcedureFactory(
            verified_on=today - timedelta(days=400) if index % 2 else None,
            status=Status.DRAFT if index % 3 else Status.PUBLISHED,
            title_kk="",
            with_steps=4,
            with_documents=2,
        )
        procedure.steps.update(body_zh_hans="")
        step = procedure.steps.first()
        step.body_ru = "Новый текст"  # flags its other languages for review
        step.save()
        EntryFactory(status=Status.DRAFT, verified_on=None, answer_ru="")
        Report.objects.create(page=f"/en/{index}/", message="Wrong")


def dashboard_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        board = dashboard.build(user=user)
    assert board.sections[0].links
    return len(queries)


def index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_content(superuser, admin_client, django_assert_max_num_queries):
    make_content(2)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        small = dashboard_queries(superuser)
    small_page = index_queries(admin_client)
    make_content(40)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        large = dashboard_queries(superuser)
    assert large == small
    assert index_queries(admin_client) == small_page
