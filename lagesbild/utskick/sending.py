"""Sending what is due, in batches, recording each message before it goes out.

Per batch: the recipients' membership facts are primed (``facts``), what was already sent
to them is read, the new items are recorded as one message per recipient in the state
"being sent" (committed), the messages go over a few SMTP connections side by side
(``postman``), and then the sent ones are marked sent and the refused ones deleted, so that their items are due again on
the next run. A fixed number of queries per batch, whatever its size.

If the process dies between handing a message to the SMTP server and recording the
answer, the message stays "being sent": its items are not sent again (at most once, never
twice) and the next run reports it as uncertain; ``--release-uncertain`` makes them due
again once someone has checked the mail server's log.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lagesbild.models import Paminnelse, Paminnelseinstallning, Paminnelsepost, Utskicksstatus
from lagesbild.utskick import facts, postman
from lagesbild.utskick.items import Candidates
from lagesbild.utskick.messages import DigestWriter

BATCH_SIZE = 500


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    uncertain: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def officials():
    """Active accounts with an address that have not turned the digest off."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(paminnelseinstallning__frekvens=Paminnelseinstallning.Frekvens.AV)
        .select_related("organtillhorighet", "paminnelseinstallning")
        .order_by("pk")
    )


def release_uncertain(*, before) -> int:
    """Make the items of messages left "being sent" by a run that stopped due again."""
    deleted, _per_model = Paminnelse.objects.filter(
        status=Utskicksstatus.SKICKAS, created_at__lt=before
    ).delete()
    return deleted


def send_digests(*, now=None, batch_size: int = BATCH_SIZE, candidates=None) -> Outcome:
    now = now or timezone.now()
    today = timezone.localdate(now)
    outcome = Outcome()
    outcome.uncertain = Paminnelse.objects.filter(
        status=Utskicksstatus.SKICKAS, created_at__lt=now
    ).count()
    candidates = candidates or Candidates.load(today=today, now=now)
    writer = DigestWriter()
    last_pk = 0
    while True:
        batch = list(officials().filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return outcome
        last_pk = batch[-1].pk
        outcome.batches += 1
        _send_batch(
            batch, candidates=candidates, writer=writer, now=now, today=today, outcome=outcome
        )


def _frequency(user) -> str:
    try:
        return user.paminnelseinstallning.frekvens
    except Paminnelseinstallning.DoesNotExist:
        return Paminnelseinstallning.DEFAULT


def _is_due(user, last_sent, today) -> bool:
    if last_sent is None:
        return True
    days = 1 if _frequency(user) == Paminnelseinstallning.Frekvens.DAGLIGEN else 7
    return timezone.localdate(last_sent) <= today - timedelta(days=days)


def _send_batch(batch, *, candidates, writer, now, today, outcome) -> None:
    ids = [user.pk for user in batch]
    last_sent = dict(
        Paminnelse.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(last=Max("created_at"))
        .values_list("user_id", "last")
    )
    due = [user for user in batch if _is_due(user, last_sent.get(user.pk), today)]
    if not due:
        return
    facts.prime_batch(due)
    sent_keys = set(
        Paminnelsepost.objects.filter(user_id__in=[u.pk for u in due]).values_list("user_id", "key")
    )
    plans = []
    for user in due:
        items = [i for i in candidates.items_for(user) if (user.pk, i.key) not in sent_keys]
        if items:
            plans.append((user, items))
    if not plans:
        return
    letters = [writer.letter(user, items) for user, items in plans]
    with transaction.atomic():
        records = Paminnelse.objects.bulk_create(
            [Paminnelse(user=user, created_at=now) for user, _items in plans]
        )
        Paminnelsepost.objects.bulk_create(
            [
                Paminnelsepost(paminnelse=record, user=user, key=item.key)
                for record, (user, items) in zip(records, plans, strict=True)
                for item in items
            ]
        )
    delivery = postman.deliver(
        (record.pk, letter) for record, letter in zip(records, letters, strict=True)
    )
    with transaction.atomic():
        Paminnelse.objects.filter(pk__in=delivery.sent).update(
            status=Utskicksstatus.SKICKAT, sent_at=timezone.now()
        )
        # Deleting the record makes its items due again: the next run retries them.
        Paminnelse.objects.filter(pk__in=delivery.failed).delete()
    outcome.sent += len(delivery.sent)
    outcome.failed += len(delivery.failed)
    outcome.errors += delivery.errors
