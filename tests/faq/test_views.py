"""The FAQ page, as a visitor sees it."""

import pytest

from config import languages
from tests.site import page_urls

pytestmark = pytest.mark.django_db
ALL = pytest.mark.parametrize("code", languages.CODES)


def test_faq_entries_have_anchors_and_drafts_stay_hidden(client, site):
    html = client.get(page_urls("ru")["faq"]).content.decode()
    assert 'id="restore"' in html
    assert 'href="#restore"' in html
    assert "draft-entry" not in html
