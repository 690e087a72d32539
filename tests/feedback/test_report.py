"""Report a problem with this page: no account, CSRF-protected, spam- and flood-resistant."""

import time

import pytest
from django.test import Client
from django.utils import translation

from config import languages
from feedback.forms import form_started_token
from feedback.models import Report

pytestmark = pytest.mark.django_db


def report(client, code="en", *, started=None, **fields):
    data = {
        "message": "Step 3 is out of date: the office asked for a different form.",
        "contact": "",
        "page": "/en/operators/kcell/cancel-in-person/",
        "started": started or form_started_token(time.time() - 30),
        "website": "",
        **fields,
    }
    return client.post(f"/{code}/feedback/?page={data['page']}", data, REMOTE_ADDR=fields.get("ip", "203.0.113.7"))


@pytest.mark.parametrize("code", languages.CODES)
def test_a_visitor_reports_a_problem_in_their_language(client, code):
    page = client.get(f"/{code}/feedback/?page=/{code}/faq/")
    assert page.status_code == 200
    assert f"/{code}/faq/" in page.content.decode()
    response = report(client, code, page=f"/{code}/faq/")
    assert response.status_code == 200
    with translation.override(code):
        assert translation.gettext("Thank you — your report was sent") in response.content.decode()
    saved = Report.objects.get()
    assert (saved.page, saved.language, saved.is_open) == (f"/{code}/faq/", code, True)


def test_every_page_links_to_the_form_with_its_own_path(client):
    html = client.get("/kk/about/").content.decode()
    assert "/kk/feedback/?page=/kk/about/" in html


def test_csrf_is_enforced():
    strict = Client(enforce_csrf_checks=True)
    response = report(strict)
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_honeypot_catches_bots(client):
    response = report(client, website="http://spam.example")
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "started",
    [
        "not-signed",
        "1700000000:forged",
    ],
)
def test_forged_timestamps_are_refused(client, started):
    assert report(client, started=started).status_code == 400
    assert not Report.objects.exists()


def test_too_fast_and_too_old_forms_are_refused(client):
    assert report(client, started=form_started_token(time.time())).status_code == 400
    assert report(client, started=form_started_token(time.time() - 3 * 3600)).status_code == 400
    assert not Report.objects.exists()


def test_link_spam_is_refused(client):
    message = "buy http://a.example http://b.example http://c.example"
    assert report(client, message=message).status_code == 400
    assert not Report.objects.exists()


def test_oversized_input_gets_a_clear_answer_and_nothing_is_lost(client):
    response = report(client, message="x" * 5000)
    assert response.status_code == 400
    assert "x" * 100 in response.content.decode()  # what they typed comes back to them
    assert not Report.objects.exists()


@pytest.mark.parametrize("page", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)", "/a b"])
def test_only_local_pages_are_kept(client, page):
    report(client, page=page)
    assert Report.objects.get().page == ""


def test_a_flood_from_one_address_is_refused(client):
    statuses = [report(client).status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert Report.objects.count() == 5
    # another address is not affected
    assert report(client, ip="198.51.100.9").status_code == 200


def test_an_editor_marks_reports_handled(admin_client):
    Report.objects.create(page="/en/", message="Typo in step 2")
    response = admin_client.post(
        "/admin/feedback/report/",
        {"action": "mark_handled", "_selected_action": [Report.objects.get().pk]},
    )
    assert response.status_code == 302
    assert Report.objects.open().count() == 0


def test_with_redis_down_the_limit_still_holds_on_this_machine(client, redis_down):
    # Redis refuses connections: reports are still taken, and still limited — never a
    # 500, never "no limit".
    statuses = [report(client).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert Report.objects.count() == 5
