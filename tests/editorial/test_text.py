import pytest
from django.utils import translation

from config import languages
from editorial.text import localized, render_markdown
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

# DESIGN.md: kk → ru → en; ru → en; zh-hans → en → ru; en → ru.
EXPECTED_FALLBACK = {
    # visitor's language: (texts present, language shown)
    "kk": [({"ru", "en"}, "ru"), ({"en"}, "en")],
    "ru": [({"en", "kk"}, "en")],
    "zh-hans": [({"en", "ru"}, "en"), ({"ru", "kk"}, "ru")],
    "en": [({"ru", "kk"}, "ru")],
}


@pytest.mark.parametrize(
    ("code", "present", "shown"),
    [(code, present, shown) for code, cases in EXPECTED_FALLBACK.items() for present, shown in cases],
)
def test_fallback_chain_per_language(code, present, shown):
    titles = {languages.field_name("title", c): (f"title in {c}" if c in present else "") for c in languages.CODES}
    procedure = ProcedureFactory(**titles)
    value = localized(procedure, "title", code)
    assert value.text == f"title in {shown}"
    assert value.lang == shown
    assert value.is_fallback
    # modeltranslation's own accessor agrees with ours
    with translation.override(code):
        assert procedure.title == f"title in {shown}"


@pytest.mark.parametrize("code", languages.CODES)
def test_own_language_is_not_a_fallback(code):
    procedure = ProcedureFactory()
    value = localized(procedure, "title", code)
    assert value.lang == code
    assert not value.is_fallback
    assert value.text.endswith(f"[{code}]")


def test_nothing_in_any_language_is_empty_not_fallback():
    procedure = ProcedureFactory(summary_en="", summary_ru="", summary_kk="", summary_zh_hans="")
    value = localized(procedure, "summary", "kk")
    assert value.text == ""
    assert not value.is_fallback


def test_markdown_keeps_structure_and_drops_script():
    html = render_markdown("**Bring** your ID\n\n- one\n- two\n\n<script>alert(1)</script>[x](javascript:alert(1))")
    assert "<strong>Bring</strong>" in html
    assert "<li>one</li>" in html
    assert "<script" not in html
    assert "javascript:" not in html
