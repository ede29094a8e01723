"""Deletes the live annual report's old prints (``lagesbild.tasks.prune_prints``).

Run nightly by the scheduled jobs (deploy/systemd/saker-trygg-prune.service). Each print
replaces the one before it of its year and edition already; this removes what is left
when that did not happen: superseded prints, failed prints and prints lost with a worker
more than a day ago. Submitted versions are never touched.
"""

from django.core.management.base import BaseCommand

from lagesbild.tasks import prune_prints


class Command(BaseCommand):
    help = "Rensar gamla utskrifter av årsuppföljningen (inte inlämnade versioner)."

    def handle(self, *args, **options):
        summary = prune_prints()
        self.stdout.write(
            f"Ersatta utskrifter borttagna: {summary['superseded']}; "
            f"misslyckade eller förlorade: {summary['failed_or_lost']}"
        )
