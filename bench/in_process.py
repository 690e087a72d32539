"""Django set up in this process on a fresh SQLite database with the shipped content, for
benchmarks that call the site's code directly (search quality and speed)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_site(prefix: str) -> None:
    """Set Django up on a new database in a temporary folder and load content/ into it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_DATA_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_content", verbosity=0, stdout=quiet)
