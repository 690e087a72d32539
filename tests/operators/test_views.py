"""Operator pages, as a visitor sees them."""

import pytest

from config import languages
from tests.site import page_urls

pytestmark = pytest.mark.django_db
ALL = pytest.mark.parametrize("code", languages.CODES)


def test_operator_page_groups_procedures_and_shows_brands(client, site):
    html = client.get(page_urls("en")["operator"]).content.decode()
    assert html.index("Cancel the number") < html.index("Suspend the number")
    assert "/en/operators/activ/" in html  # another brand of the same company
    assert "secret-draft" not in html
    assert "These contacts" in html or "Not yet verified." in html


def test_inactive_operator_is_404(client, site):
    site["activ"].active = False
    site["activ"].save()
    assert client.get("/en/operators/activ/").status_code == 404
    assert client.get("/en/operators/activ/cancel/").status_code == 404
