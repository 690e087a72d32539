"""Operators' contacts: each a fact with its own source and verified date, shown as a
link (tel: for numbers and USSD codes, # encoded) on the operator page, the procedure
page, the decision result and the print sheet, and unverified until an editor checks it."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import escape

from config import languages
from guides.models import Source
from operators.models import Contact
from tests.factories import OperatorFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kcell():
    operator = OperatorFactory(slug="kcell", name="Kcell")
    ProcedureFactory(operator=operator, slug="cancel", kind="cancel", with_steps=1)
    source = Source.objects.create(url="https://www.kcell.kz/en/contacts", title="Kcell contacts", publisher="Kcell")
    own = operator.contacts.create(kind="support_own", value="455", order=1, note_en="Free from Kcell numbers")
    own.sources.add(source)
    operator.contacts.create(kind="lost_sim", value="*111#", order=2)
    operator.contacts.create(kind="support_abroad", value="+7 727 258 8300", order=3)
    operator.contacts.create(kind="office_finder", value="https://www.kcell.kz/en/offices", order=4)
    operator.contacts.create(kind="chat", value="help@kcell.kz", order=5)
    operator.contacts.create(kind="app", value="My Kcell", order=6)
    return operator


@pytest.mark.parametrize(
    ("value", "href"),
    [
        ("455", "tel:455"),
        ("+7 727 258 8300", "tel:+77272588300"),
        ("*111#", "tel:*111%23"),
        ("https://www.kcell.kz/en/offices", "https://www.kcell.kz/en/offices"),
        ("help@kcell.kz", "mailto:help@kcell.kz"),
        ("My Kcell", ""),
    ],
)
def test_a_contact_links_as_what_it_is(value, href):
    assert Contact(kind="support_own", value=value).href == href


@pytest.mark.parametrize("code", languages.CODES)
@pytest.mark.parametrize("page", ["/{code}/operators/kcell/", "/{code}/operators/kcell/cancel/"])
def test_contacts_show_as_links_with_their_source_and_unverified(client, kcell, code, page):
    html = client.get(page.format(code=code)).content.decode()
    for href in ('href="tel:455"', 'href="tel:*111%23"', 'href="tel:+77272588300"', 'href="mailto:help@kcell.kz"'):
        assert href in html, href
    assert 'href="https://www.kcell.kz/en/contacts"' in html  # the contact's own source
    assert "My Kcell" in html
    with translation.override(code):
        assert translation.gettext("Not yet verified.") in html
        assert escape(str(Contact.Kind.LOST_SIM.label)) in html


@pytest.mark.parametrize("code", languages.CODES)
def test_the_print_sheet_shows_contacts_as_text_to_read(client, kcell, code):
    html = client.get(f"/{code}/operators/kcell/print/").content.decode()
    for value in ("455", "*111#", "+7 727 258 8300", "help@kcell.kz", "My Kcell"):
        assert value in html, value
    assert 'href="tel:' not in html  # nothing to tap on paper, no crowded targets on screen
    with translation.override(code):
        assert translation.gettext("Not yet verified.") in html
        assert escape(str(Contact.Kind.SUPPORT_OWN.label)) in html


def test_a_verified_contact_says_when(client, kcell, superuser):
    contact = kcell.contacts.get(kind="support_own")
    contact.verified_on, contact.verified_by = datetime.date(2026, 11, 20), superuser
    contact.save()
    html = client.get("/kk/operators/kcell/").content.decode()
    assert "2026 жылғы 20 қараша" in html


def test_the_decision_result_shows_the_chosen_operators_contacts(client, kcell):
    from editors.content_loader import Loader, LoadReport, load_decision_texts

    load_decision_texts(Loader(LoadReport()))
    answers = "situation=lost&location=in_kz&registered=yes&operator=kcell"
    response = client.get(f"/en/decide/?{answers}", follow=True)
    assert 'href="tel:*111%23"' in response.content.decode()


def test_contacts_cost_a_constant_number_of_queries(client, kcell, django_assert_max_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/en/operators/kcell/")
    for n in range(10):
        kcell.contacts.create(kind="support_other", value=f"+7 700 000 00{n:02d}", order=10 + n)
    with django_assert_max_num_queries(len(few)):
        client.get("/en/operators/kcell/")
