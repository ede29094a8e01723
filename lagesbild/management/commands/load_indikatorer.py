from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.indikatordata import DEFAULT_INDIKATOR_FILE, load_indikatorer
from organisation.services import StructureError


class Command(BaseCommand):
    help = (
        "Läser in nyckeltalen som följer med portalen (Öppna jämförelser Trygghet och säkerhet "
        "och Koladas brottsnyckeltal) från en TOML-fil. Lägger bara till det som saknas; "
        "befintliga nyckeltal och värden skrivs aldrig över."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_INDIKATOR_FILE,
            help="Filen att läsa in (standard: %(default)s).",
        )

    def handle(self, *args, path: Path, **options):
        try:
            summary = load_indikatorer(path=path)
        except StructureError as exc:
            details = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                f"Nyckeltalsfilen {path} lästes inte in; ingenting har ändrats.\n{details}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.indikatorer} nyckeltal i filen: {summary.new_indikatorer} nya "
                f"nyckeltal och {summary.new_varden} nya årsvärden inlästa."
            )
        )
