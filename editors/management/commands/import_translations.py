from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import languages
from editors.translation_file import Problem, decode, undecodable_line
from editors.translation_import import ImportConflict, apply_import, parse_import


class Command(BaseCommand):
    help = (
        "Import a translator's PO file for one language: lists what changes, then applies it in one "
        "transaction. A file with any error changes nothing (exit code 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--language", required=True, choices=languages.CODES)
        parser.add_argument("--dry-run", action="store_true", help="Only list what would change.")

    def handle(self, *args, file: Path, language: str, dry_run: bool, **options):
        data = file.read_bytes()
        try:
            text = decode(data=data)
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file}:{undecodable_line(data=data, error=error)}: not UTF-8 text; nothing was imported."
            ) from error
        plan = parse_import(code=language, text=text)
        for change in plan.changes:
            self.stdout.write(f"{file}:{change.line}: {change.context}")
            self.stdout.write(f"  - {change.old!r}\n  + {change.new!r}")
        for label, problems in (("warning", plan.warnings), ("error", plan.errors)):
            for problem in problems:
                self.stderr.write(self._problem(file, label, problem))
        if not plan.ok:
            raise CommandError(f"{len(plan.errors)} errors in {file}; nothing was imported.")
        if dry_run:
            self.stdout.write(f"Dry run: {len(plan.changes)} of {plan.entries} texts would change.")
            return
        try:
            count = apply_import(plan)
        except ImportConflict as error:
            raise CommandError(f"{error} Nothing was imported; run the import again.") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {file}: {count} texts changed."))

    @staticmethod
    def _problem(file: Path, label: str, problem: Problem) -> str:
        where = f"{file}:{problem.line}" if problem.line else str(file)
        context = f" [{problem.context}]" if problem.context else ""
        return f"{where}: {label}: {problem.message}{context}"
