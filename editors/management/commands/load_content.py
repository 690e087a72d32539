from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.shipped import CONTENT_DIR
from editors.content_loader import ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load the content shipped in content/*.yaml. Safe to run again: creates what is new, "
        "updates what nobody edited, keeps editors' changes and deletions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            help="Load from this folder instead of content/. This writes to the database: add --check to only check.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Check everything a load would, and write nothing: exit status 0, or 1 with the error.",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"]) if options["directory"] else CONTENT_DIR
        try:
            report = load_content(directory, check=options["check"])
        except ContentError as error:
            done = "nothing was written" if options["check"] else "nothing was loaded"
            raise CommandError(f"Shipped content is invalid, {done}: {error}") from error
        if options["check"]:
            summary = f"Content is valid, nothing was written. A load would have {report.summary()}."
            self.stdout.write(self.style.SUCCESS(summary))
            return
        if options["verbosity"] == 0:
            return
        verbose = options["verbosity"] > 1
        for label, keys in (
            ("created", report.created),
            ("updated", report.updated),
            ("kept editor's version", report.kept_editor_changes),
            ("left deleted by an editor", report.left_deleted),
        ):
            if keys and (verbose or label != "created" or len(keys) <= 20):
                for key in keys:
                    self.stdout.write(f"  {label}: {key}")
        self.stdout.write(self.style.SUCCESS(f"Content loaded: {report.summary()}."))
