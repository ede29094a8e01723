"""manage.py import_omradesvarden FILE: key figures and survey results per område from CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.omradesvarden_import import MAX_BYTES, ImportRefused, import_omradesvarden


class Command(BaseCommand):
    help = (
        "Läser in nyckeltal och resultat från trygghetsmätningar per område från en CSV-fil "
        "(kolumnerna står i README). En fil med någon felaktig rad vägras helt; samma fil två "
        "gånger ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-filen (UTF-8 eller Windows-1252)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                # One byte past the bound is enough to know the file is too large.
                content = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from exc
        try:
            result = import_omradesvarden(content)
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        if not result.ok:
            raise CommandError(
                "Filen lästes inte in; ingenting sparades.\n" + "\n".join(result.error_lines())
            )
        self.stdout.write(self.style.SUCCESS(result.summary()))
