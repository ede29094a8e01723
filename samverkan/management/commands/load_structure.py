from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.services import StructureError
from samverkan.services import DEFAULT_STRUCTURE_FILE, load_structure


class Command(BaseCommand):
    help = (
        "Läser in en kommuns organisation för Säker och trygg kommun från en TOML-fil "
        "(standard: Borås Stad). Allt eller inget skrivs; samma fil två gånger ändrar inget."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=DEFAULT_STRUCTURE_FILE,
            help="Strukturfilen att läsa in (standard: %(default)s).",
        )

    def handle(self, *args, path: Path, **options):
        try:
            summary = load_structure(path=path)
        except StructureError as exc:
            details = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                f"Strukturfilen {path} lästes inte in; ingenting har ändrats.\n{details}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.kommun}: {summary.organ} organ, {summary.forum} forum, "
                f"{summary.samverkansomraden} samverkansområden, {summary.grupper} grupper, "
                f"{summary.omraden} områden inlästa."
            )
        )
