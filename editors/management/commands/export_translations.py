from pathlib import Path

from django.core.management.base import BaseCommand

from config import languages
from editors.translation_export import export_language


class Command(BaseCommand):
    help = "Write every model text of one language as a gettext PO file for translators."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=languages.CODES)
        parser.add_argument("--output", type=Path, help="The file to write (default: standard output).")

    def handle(self, *args, language: str, output: Path | None, **options):
        text = export_language(code=language)
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        texts = sum(line.startswith("msgctxt ") for line in text.splitlines())
        self.stderr.write(f"Wrote {output} ({texts} texts).")
