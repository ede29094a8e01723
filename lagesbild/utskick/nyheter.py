"""Residents' news of the areas they follow: only what the public QuerySets return.

The news of an område: published public insatser tagged with it (first published in the
last ``NEWS_DAYS``), coming activities of public insatser there, and published minutes of
public meetings of public forums that steer a samverkansområde working in it. Each piece
is recorded per subscriber before it is sent, as the officials' digests are.
"""

import uuid
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from lagesbild.models import Prenumerant, Prenumerationspost, Utskicksstatus
from lagesbild.utskick import postman
from lagesbild.utskick.items import absolute
from lagesbild.utskick.messages import MAX_KEPT
from lagesbild.utskick.mime import Letter
from lagesbild.utskick.prenumeration import Unsubscribe
from lagesbild.utskick.sending import Outcome
from organisation.models import Mote
from samverkan.models import Aktivitet, Insats, Omrade

NEWS_DAYS = 14
BATCH_SIZE = 1000
UNSUBSCRIBE = "\x00unsubscribe\x00"


def news_by_omrade(*, now) -> dict[int, list[tuple[str, str, str, str]]]:
    """Område id → (key, title, detail, url) of its news, read once per run."""
    since = now - timedelta(days=NEWS_DAYS)
    news: dict[int, list] = {}
    with translation.override("sv"):
        insatser = Insats.objects.published().filter(published_at__gte=since)
        for insats in insatser.prefetch_related("omraden"):
            for omrade in insats.omraden.all():
                news.setdefault(omrade.pk, []).append(
                    (
                        f"insats:{insats.pk}",
                        insats.title,
                        insats.summary,
                        absolute(insats.get_absolute_url()),
                    )
                )
        aktiviteter = (
            Aktivitet.objects.published()
            .filter(cancelled=False, starts_at__gte=now, starts_at__lt=now + timedelta(days=30))
            .select_related("omrade")
        )
        for aktivitet in aktiviteter:
            if aktivitet.omrade_id:
                when = formats.date_format(timezone.localtime(aktivitet.starts_at), "j F Y H:i")
                news.setdefault(aktivitet.omrade_id, []).append(
                    (
                        f"aktivitet:{aktivitet.pk}:{aktivitet.starts_at.isoformat()}",
                        aktivitet.title,
                        f"{when}, {aktivitet.meeting_point}",
                        absolute(aktivitet.get_absolute_url()),
                    )
                )
        motes = (
            Mote.objects.with_published_minutes()
            .filter(minutes_published_at__gte=since)
            .select_related("forum")
        )
        districts_of_forum = _districts_of_forums({m.forum_id for m in motes})
        for mote in motes:
            for omrade_id in districts_of_forum.get(mote.forum_id, ()):
                news.setdefault(omrade_id, []).append(
                    (
                        f"anteckningar:{mote.pk}",
                        str(mote),
                        _("Minutes published."),
                        absolute(mote.get_absolute_url()),
                    )
                )
    return news


def _districts_of_forums(forum_ids) -> dict[int, set[int]]:
    """The districts of the published public insatser of the areas the forums steer."""
    out: dict[int, set[int]] = {}
    for forum_id, omrade_id in (
        Insats.omraden.through.objects.filter(
            insats__in=Insats.objects.published().filter(samverkansomrade__forum_id__in=forum_ids)
        )
        .values_list("insats__samverkansomrade__forum_id", "omrade_id")
        .distinct()
    ):
        out.setdefault(forum_id, set()).add(omrade_id)
    return out


def send_news(*, now=None, batch_size: int = BATCH_SIZE) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome()
    outcome.uncertain = (
        Prenumerationspost.objects.filter(status=Utskicksstatus.SKICKAS, created_at__lt=now)
        .values("batch")
        .distinct()
        .count()
    )
    news = news_by_omrade(now=now)
    if not news:
        return outcome
    writer = NewsWriter(names=dict(Omrade.objects.values_list("pk", "name")))
    last_pk = 0
    while True:
        batch = list(
            Prenumerant.objects.filter(pk__gt=last_pk, omraden__in=list(news))
            .distinct()
            .order_by("pk")
            .values_list("pk", "email")[:batch_size]
        )
        if not batch:
            return outcome
        last_pk = batch[-1][0]
        outcome.batches += 1
        _send_batch(batch, news=news, writer=writer, now=now, outcome=outcome)


def _send_batch(batch, *, news, writer, now, outcome) -> None:
    ids = [pk for pk, _email in batch]
    followed = defaultdict(list)
    for prenumerant_id, omrade_id in Prenumerant.omraden.through.objects.filter(
        prenumerant_id__in=ids
    ).values_list("prenumerant_id", "omrade_id"):
        followed[prenumerant_id].append(omrade_id)
    sent_keys = set(
        Prenumerationspost.objects.filter(prenumerant_id__in=ids).values_list(
            "prenumerant_id", "key"
        )
    )
    plans = []
    for pk, address in batch:
        pieces = []
        for omrade_id in followed[pk]:
            for piece in news.get(omrade_id, ()):
                if (pk, piece[0]) not in sent_keys and piece not in pieces:
                    pieces.append(piece)
        if pieces:
            plans.append((Subscriber(pk, address, tuple(followed[pk])), pieces, uuid.uuid4()))
    if not plans:
        return
    letters = [(message_id, writer.letter(p, pieces)) for p, pieces, message_id in plans]
    with transaction.atomic():
        Prenumerationspost.objects.bulk_create(
            [
                Prenumerationspost(
                    prenumerant_id=p.pk, key=piece[0], batch=message_id, created_at=now
                )
                for p, pieces, message_id in plans
                for piece in pieces
            ]
        )
    delivery = postman.deliver(letters)
    with transaction.atomic():
        Prenumerationspost.objects.filter(batch__in=delivery.sent).update(
            status=Utskicksstatus.SKICKAT
        )
        Prenumerationspost.objects.filter(batch__in=delivery.failed).delete()
    outcome.sent += len(delivery.sent)
    outcome.failed += len(delivery.failed)
    outcome.errors += delivery.errors


class Subscriber(NamedTuple):
    pk: int
    email: str
    omrade_ids: tuple[int, ...]


class NewsWriter:
    """News letters; rendered once per set of news and districts, the link put in per copy.

    Only the unsubscribe link differs between residents who follow the same districts; it
    is put in where the marker is (NUL characters, which no text from the database holds).
    """

    def __init__(self, *, names: dict[int, str]):
        self._names = names
        self._rank = {pk: rank for rank, pk in enumerate(names)}
        self._rendered: dict[tuple, tuple[str, str, str]] = {}
        self._unsubscribe = Unsubscribe()

    def letter(self, subscriber: "Subscriber", pieces) -> Letter:
        # In the districts' own order (by name, as the database sorts it).
        omraden = tuple(
            self._names[pk] for pk in sorted(subscriber.omrade_ids, key=self._rank.__getitem__)
        )
        shape = (tuple(piece[0] for piece in pieces), omraden)
        rendered = self._rendered.get(shape)
        if rendered is None:
            rendered = self._render(pieces, omraden)
            if len(self._rendered) < MAX_KEPT:
                self._rendered[shape] = rendered
        subject, text, html = rendered
        unsubscribe = self._unsubscribe.url(subscriber.email)
        return Letter(
            to=subscriber.email,
            subject=subject,
            text=text.replace(UNSUBSCRIBE, unsubscribe),
            html=html.replace(UNSUBSCRIBE, escape(unsubscribe)),
            headers=(
                ("List-Unsubscribe", f"<{unsubscribe}>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ),
        )

    @staticmethod
    def _render(pieces, omraden) -> tuple[str, str, str]:
        with translation.override("sv"):
            context = {
                "pieces": pieces,
                "omraden": omraden,
                "unsubscribe_url": UNSUBSCRIBE,
                "site_url": settings.SITE_URL,
                "omraden_url": absolute(reverse("samverkan:omraden")),
            }
            subject = _("News from Säker och trygg kommun: %(omraden)s") % {
                "omraden": ", ".join(omraden)
            }
            return (
                subject,
                render_to_string("lagesbild/utskick/nyheter.txt", context),
                render_to_string("lagesbild/utskick/nyheter.html", context),
            )


def release_uncertain(*, before) -> int:
    """Make the news of messages left "being sent" by a stopped run due again."""
    batches = (
        Prenumerationspost.objects.filter(status=Utskicksstatus.SKICKAS, created_at__lt=before)
        .values("batch")
        .distinct()
        .count()
    )
    Prenumerationspost.objects.filter(status=Utskicksstatus.SKICKAS, created_at__lt=before).delete()
    return batches
