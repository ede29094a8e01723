"""Sends officials' digests and residents' news that are due (lagesbild/utskick/).

Run by the scheduled jobs, daily (README, "Påminnelser och prenumerationer"). Running it
again the same day sends nothing new. A message the SMTP server refuses is reported here,
makes the exit status 1 and is retried on the next run.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lagesbild.utskick import nyheter, sending


class Command(BaseCommand):
    help = (
        "Skickar påminnelser till tjänstepersoner och nyheter till invånare som följer ett område."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--release-uncertain",
            action="store_true",
            help=(
                "Gör om utskick som en avbruten körning lämnade som 'skickas' (kontrollera "
                "e-postserverns logg först: de kan ha gått fram)."
            ),
        )

        parser.add_argument(
            "--uncertain-minutes",
            type=int,
            default=60,
            help=(
                "Med --release-uncertain: bara utskick som lämnades för minst så många minuter "
                "sedan (standard 60, så att en körning som pågår inte berörs)."
            ),
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["release_uncertain"]:
            # Only those left by an earlier run, never one that may be running now.
            before = now - timedelta(minutes=max(options["uncertain_minutes"], 0))
            released = sending.release_uncertain(before=before)
            released += nyheter.release_uncertain(before=before)
            self.stdout.write(f"Osäkra utskick som görs om: {released}")
        digests = sending.send_digests(now=now)
        self.stdout.write(
            f"Påminnelser skickade: {digests.sent}; misslyckade: {digests.failed}; "
            f"osäkra: {digests.uncertain}"
        )
        news = nyheter.send_news(now=now)
        self.stdout.write(
            f"Nyhetsbrev skickade: {news.sent}; misslyckade: {news.failed}; "
            f"osäkra: {news.uncertain}"
        )
        for error in digests.errors + news.errors:
            self.stderr.write(f"Fel: {error}")
        failed = digests.failed + news.failed
        if failed:
            raise CommandError(
                f"{failed} meddelanden kunde inte skickas; de skickas igen vid nästa körning."
            )
