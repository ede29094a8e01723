"""Deletes residents' contact data and old tips as the retention settings say.

Run daily by the scheduled jobs (README, "Invånarnas tips"): contact data of closed cases
and of tips older than DJANGO_TIPS_CONTACT_DAYS, and tips older than
DJANGO_TIPS_RETENTION_DAYS with their photos.
"""

from django.core.management.base import BaseCommand

from lagesbild.tips_services import prune_tips


class Command(BaseCommand):
    help = "Rensar kontaktuppgifter och gamla tips enligt gallringsinställningarna."

    def handle(self, *args, **options):
        summary = prune_tips()
        self.stdout.write(
            f"Kontaktuppgifter borttagna: {summary.contacts_forgotten}; "
            f"tips raderade: {summary.tips_deleted}; ärenden raderade: {summary.cases_deleted}"
        )
