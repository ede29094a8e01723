"""manage.py import_est FILE --group SLUG --organisation SLUG: a partner's CSV export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.est_import import MAX_BYTES, ImportRefused, import_reports
from organisation.models import Organ
from samverkan.models import Samverkansgrupp


class Command(BaseCommand):
    help = (
        "Läser in EST-händelserapporter från en CSV-fil (kolumnerna står i README). "
        "En fil med någon felaktig rad vägras helt; rader med ett id som redan lästs in hoppas över."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-filen (UTF-8 eller Windows-1252)")
        parser.add_argument("--group", required=True, help="EST-gruppens slug")
        parser.add_argument(
            "--organisation",
            required=True,
            help="Slug för den organisation som rapporterna kommer från",
        )

    def handle(self, *args, **options):
        grupp = Samverkansgrupp.objects.est().filter(slug=options["group"]).first()
        if grupp is None:
            raise CommandError(f"Det finns ingen EST-grupp med slug {options['group']!r}.")
        organ = Organ.objects.filter(slug=options["organisation"]).first()
        if organ is None:
            raise CommandError(
                f"Det finns ingen organisation med slug {options['organisation']!r}."
            )
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                # One byte past the bound is enough to know the file is too large.
                content = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from exc
        try:
            result = import_reports(content, grupp=grupp, organ=organ)
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        if not result.ok:
            raise CommandError(
                "Filen lästes inte in; ingenting sparades.\n" + "\n".join(result.error_lines())
            )
        self.stdout.write(self.style.SUCCESS(result.summary()))
