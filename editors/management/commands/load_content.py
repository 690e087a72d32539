from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editors.content_loader import ContentError, load_content


class Command(BaseCommand):
    help = (
        "Load the content shipped in content/*.yaml. Safe to run again: creates what is new, "
        "updates what nobody edited, keeps editors' changes and deletions."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Load from this folder instead of content/ (for checking a copy).")

    def handle(self, *args, **options):
        try:
            report = load_content(Path(options["directory"])) if options["directory"] else load_content()
        except ContentError as error:
            raise CommandError(f"Shipped content is invalid, nothing was loaded: {error}") from error
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
