from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.kolada import (
    KOLADA_API,
    TIMEOUT_SECONDS,
    KoladaError,
    fetch_kolada,
    import_kolada,
    read_kolada_file,
)


class Command(BaseCommand):
    help = (
        "Läser in nyckeltal från Kolada (API v3, JSON): kommunens egna värden och medianen för "
        "kommunerna i datan, per nyckeltal och år. Filerna (och adresserna) läses in i en "
        "transaktion: vid minsta fel skrivs ingenting. Samma data två gånger ändrar ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, metavar="FIL", help="Sparade svar från Koladas API."
        )
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            help=(
                "Hämta från Koladas API och följ next_page till sista sidan, t.ex. "
                f"{KOLADA_API}/data/kpi/N07403,U07417,U07452/year/2022,2023. Kan anges flera gånger."
            ),
        )
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Skapa nyckeltal för okända KPI-koder i stället för att vägra.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=TIMEOUT_SECONDS,
            help="Sekunder att vänta på Kolada per sida (standard: %(default)s).",
        )

    def handle(self, *args, files, url, create_missing, timeout, **options):
        if not files and not url:
            raise CommandError("Ange minst en fil eller --url.")
        observations, errors = [], []
        for path in files:
            try:
                observations += read_kolada_file(path=path)
            except KoladaError as exc:
                errors += exc.errors
        for address in url:
            try:
                observations += fetch_kolada(url=address, timeout=timeout)
            except KoladaError as exc:
                errors += exc.errors
        try:
            if errors:
                raise KoladaError(errors)
            summary = import_kolada(observations=observations, create_missing=create_missing)
        except KoladaError as exc:
            details = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                f"Kolada-datan lästes inte in; ingenting har ändrats.\n{details}"
            ) from exc
        if summary.created_indikatorer:
            self.stdout.write(
                self.style.WARNING(
                    f"Skapade nyckeltalen {', '.join(summary.created_indikatorer)}: ge dem namn, "
                    "enhet och riktning i admin."
                )
            )
        for (kpi, year), count in sorted(summary.thin_medians.items()):
            self.stdout.write(
                self.style.WARNING(
                    f"Medianen för {kpi} {year} bygger bara på {count} kommuner; hämta alla "
                    "kommuner för en median för riket."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Kolada-import klar: {summary.indikatorer} nyckeltal, {summary.created} nya "
                f"årsvärden, {summary.updated} ändrade, {summary.unchanged} oförändrade, "
                f"{summary.comparison_written} jämförelsevärden skrivna."
            )
        )
