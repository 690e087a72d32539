"""An editor's Markdown can't put script, styles or event handlers on a page."""

import re

import pytest

from editorial.text import render_markdown
from tests.factories import ProcedureFactory, StepFactory

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=//evil.example><input name=q></form>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=x onclick=alert(1)>x</a>",
    "<p onmouseover=alert(1)>hover</p>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '[x](https://example.org "title" onclick=alert(1))',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>` in code is fine",
]

FORBIDDEN = [
    re.compile(r"<\s*(script|style|iframe|object|embed|form|input|link|meta|base|svg|math|img|body)\b", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.I),
    re.compile(r"\sstyle\s*=", re.I),
]


def test_the_corpus_is_big_enough():
    assert len(XSS) >= 20


@pytest.mark.parametrize("payload", XSS)
def test_payload_is_neutralised(payload):
    html = str(render_markdown(payload))
    for pattern in FORBIDDEN:
        assert not pattern.search(html), (payload, html)


def test_ordinary_markdown_survives():
    html = str(render_markdown("Call **611**, then:\n\n1. go\n2. sign\n\n[Kcell](https://www.kcell.kz/)"))
    assert "<strong>611</strong>" in html
    assert "<ol>" in html
    assert 'href="https://www.kcell.kz/"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.django_db
def test_a_step_with_a_payload_renders_safely_on_the_page(client):
    procedure = ProcedureFactory()
    StepFactory(procedure=procedure, body_en="<img src=x onerror=alert(1)>**ok**<script>alert(2)</script>")
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "onerror" not in html
    assert "alert(2)" not in html or "&lt;script&gt;" in html
    assert "<strong>ok</strong>" in html
