from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagesbild.benchmark_data import generate
from organisation.models import Kommun


class Command(BaseCommand):
    help = (
        "Skapar påhittade data för en stor kommun ovanpå demodatan, för `make bench`: "
        "skala 1 är 1 000 insatser, 400 möten, 30 nyckeltal × 20 år × 290 kommuner, "
        "50 000 EST-rapporter, 5 000 tips och 20 000 prenumeranter; skala N är N gånger så "
        "mycket. Samma skala samma dag ger samma data. Bara i en tom databas och i utvecklingsläge."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Hur många gånger skala 1.")

    def handle(self, *args, scale, **options):
        if not settings.DEBUG:
            raise CommandError("Bänkdata skapas bara i utvecklingsläge (DJANGO_DEBUG=1).")
        if not 1 <= scale <= 50:
            raise CommandError("--scale ska vara mellan 1 och 50.")
        if Kommun.objects.exists():
            raise CommandError("Databasen har redan data: bänkdata skapas bara i en tom databas.")
        call_command("load_demo", stdout=self.stdout)
        generate(scale=scale, today=timezone.localdate(), report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Bänkdata för skala {scale} klar."))
