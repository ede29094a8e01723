"""Retention of what the reminder run recorded (``manage.py prune_mail``, nightly).

The run records every digest and every piece of news it sent, so that nothing is sent
twice. Kept for ``MAIL_RECORD_RETENTION_DAYS`` (180 by default, never under a week and a
day, so the weekly digest's period is always whole), then deleted, except:

- a record with an item that is due now (``Candidates.current_keys``, the current news):
  deleting it would send that item again. It goes once the item has moved on (a new
  follow-up, a moved meeting, a published draft all make a new key);
- a message left "being sent" by a stopped run: it says the items may have gone out, and
  only ``send_reminders --release-uncertain`` lets them go again.

A message the SMTP server refused has no record to keep: the run deletes it at once.
Unconfirmed sign-ups are never stored (the confirmation link carries them), so there is
none to delete; a subscriber left with no district (its districts were deleted) is.
Deletes go in chunks, each in its own transaction, so a large backlog never holds one
long transaction or one huge list in memory.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lagesbild.models import (
    Paminnelse,
    Paminnelsepost,
    Prenumerant,
    Prenumerationspost,
    Utskicksstatus,
)
from lagesbild.utskick.items import Candidates
from lagesbild.utskick.nyheter import news_by_omrade

MIN_RETENTION_DAYS = 8
CHUNK = 2000


@dataclass
class Pruned:
    digests: int = 0
    news_items: int = 0
    subscribers: int = 0


def retention_days() -> int:
    return max(settings.MAIL_RECORD_RETENTION_DAYS, MIN_RETENTION_DAYS)


def prune_mail_records(*, now=None) -> Pruned:
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    pruned = Pruned()

    due_items = Candidates.load(now=now).current_keys()
    old_digests = Paminnelse.objects.filter(status=Utskicksstatus.SKICKAT, created_at__lt=cutoff)
    still_due = Paminnelsepost.objects.filter(key__in=due_items).values("paminnelse_id")
    pruned.digests = _delete(old_digests.exclude(pk__in=still_due), Paminnelse)

    due_news = {piece[0] for pieces in news_by_omrade(now=now).values() for piece in pieces}
    old_news = Prenumerationspost.objects.filter(
        status=Utskicksstatus.SKICKAT, created_at__lt=cutoff
    ).exclude(key__in=due_news)
    pruned.news_items = _delete(old_news, Prenumerationspost)

    pruned.subscribers = _delete(Prenumerant.objects.filter(omraden__isnull=True), Prenumerant)
    return pruned


def _delete(queryset, model) -> int:
    """Deletes the rows of ``queryset`` (not what cascades with them), counted."""
    deleted = 0
    label = model._meta.label
    while pks := list(queryset.order_by("pk").values_list("pk", flat=True)[:CHUNK]):
        with transaction.atomic():
            _total, per_model = model.objects.filter(pk__in=pks).delete()
        deleted += per_model.get(label, 0)
    return deleted
