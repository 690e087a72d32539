"""How many bytes a visitor downloads for a procedure page's first view.

    .venv/bin/python bench/page_weight.py

Builds a throwaway SQLite database with the shipped content plus the heaviest page we
budget for (a 40-step, 30-document procedure, read in zh-hans), renders each page with
production settings, and adds up what the browser fetches: the HTML and every stylesheet,
script, image and font it references, each compressed as the server sends it (gzip and
brotli). Budget (DESIGN.md): under 50 KB.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 50 * 1024
PAGES = [
    "/zh-hans/operators/kcell/heavy-40-steps/",
    "/zh-hans/operators/kcell/cancel-in-person/",
    "/ru/operators/beeline/cancel-in-person/",
    "/kk/operators/kcell/cancel-in-person/",
    "/en/operators/kcell/cancel-in-person/",
]
ASSET = re.compile(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"]+)"')


@dataclass(frozen=True)
class FirstView:
    html: int  # bytes, uncompressed
    assets: int  # bytes, uncompressed
    gzip: int  # everything, gzip-compressed
    brotli: int  # everything, brotli-compressed


def asset_paths(html: bytes) -> list[str]:
    """The stylesheets, scripts and images a browser fetches for this HTML."""
    return [path.decode() for path in ASSET.findall(html)]


def first_view(*, client, path: str) -> FirstView:
    """What a browser downloads for `path` on its first visit (Django must be set up)."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    html = client.get(path).content
    # With DEBUG off the page names hashed files, which only the collected STATIC_ROOT holds.
    names = [asset.removeprefix("/static/") for asset in asset_paths(html)]
    asset_bytes = [Path(finders.find(name) or staticfiles_storage.path(name)).read_bytes() for name in names]
    return FirstView(
        html=len(html),
        assets=sum(map(len, asset_bytes)),
        gzip=len(gzip.compress(html, 6)) + sum(len(gzip.compress(b, 9)) for b in asset_bytes),
        brotli=len(brotli.compress(html)) + sum(len(brotli.compress(b)) for b in asset_bytes),
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    data_dir = tempfile.mkdtemp(prefix="kzsim-weight-")
    os.environ.update({"DJANGO_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "config.settings"})
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.heavy import make_heavy_procedure
    from operators.models import Operator

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    make_heavy_procedure(operator=Operator.objects.get(slug="kcell"))

    client = Client()
    worst = 0
    print(f"{'page':48} {'html':>7} {'assets':>7} {'gzip total':>11} {'brotli total':>13}")
    for path in PAGES:
        weight = first_view(client=client, path=path)
        worst = max(worst, weight.gzip)
        print(f"{path:48} {weight.html:>7} {weight.assets:>7} {weight.gzip:>11} {weight.brotli:>13}")
    print(f"\nheaviest first view, gzip: {worst} bytes ({worst / 1024:.1f} KB); budget {BUDGET // 1024} KB")
    return 0 if worst < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
