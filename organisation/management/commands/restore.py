"""Restores a backup made by `manage.py backup` into an empty database and media directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.backup import BackupError, files_word, restore


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia (katalogen som backup skrev) till en tom databas och en "
        "tom mediekatalog. Kontrollerar kontrollsummorna före och radantalen efter."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Säkerhetskopians katalog.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Skriv över en databas och mediekatalog som inte är tomma.",
        )

    def handle(self, *args, **options):
        try:
            summary = restore(options["directory"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Återställt från {options['directory']}: {summary.tables} tabeller med "
                f"{summary.rows} rader och {files_word(summary.files)}; kontrollsummor och radantal "
                "stämmer."
            )
        )
