"""Deletes the records of sent reminders and news past their retention.

Run nightly by the scheduled jobs (deploy/systemd/saker-trygg-prune.service; README,
"Påminnelser och prenumerationer via e-post"). What is kept and why:
lagesbild/utskick/gallring.py.
"""

from django.core.management.base import BaseCommand

from lagesbild.utskick.gallring import prune_mail_records, retention_days


class Command(BaseCommand):
    help = "Rensar uppgifter om skickade påminnelser och nyhetsbrev äldre än gallringstiden."

    def handle(self, *args, **options):
        pruned = prune_mail_records()
        self.stdout.write(
            f"Gallringstid: {retention_days()} dagar. Påminnelser raderade: {pruned.digests}; "
            f"nyhetsposter raderade: {pruned.news_items}; "
            f"prenumeranter utan område raderade: {pruned.subscribers}"
        )
