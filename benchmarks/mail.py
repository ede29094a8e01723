"""Digests for 10 000 officials and news for 50 000 subscribers against a local SMTP server.

    make benchmark-mail
    make benchmark-mail ARGS="--officials 1000 --subscribers 5000"

runs against a throwaway PostgreSQL (.ci/with-postgres) and a test database created and
dropped here, with Borås's structure. Officials are spread over the non-EST groups (each
group runs two insatser without a follow-up for 90 days) and the forums (a meeting in each
in three days); subscribers over the districts (each has a new public insats and a coming
activity). The SMTP server is aiosmtpd in its own process with the Sink handler, so it does
not share this process's interpreter. Then ``send_reminders`` does what it does: every
official gets a digest, every subscriber a news message. Target (issue 17): ≤ 120 s in all,
with a query count per batch that does not grow with the number of recipients. Output: one
`name: value` line per figure, and the machine's load (`os.getloadavg`).
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saker_trygg.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def populate(officials: int, subscribers: int) -> None:
    from django.contrib.auth import get_user_model

    from lagesbild.models import Prenumerant
    from organisation.models import Forum, Forummedlemskap, Mote, Organ
    from samverkan.models import Aktivitet, Gruppmedlemskap, Insats, Omrade, Samverkansgrupp

    now = timezone.now()
    User = get_user_model()
    groups = list(Samverkansgrupp.objects.exclude(kind="est").order_by("pk"))
    forums = list(Forum.objects.order_by("pk"))
    omraden = list(Omrade.objects.order_by("pk"))
    organ = Organ.objects.first()
    for grupp in groups:
        for n in range(2):
            Insats.objects.create(
                title=f"Benchmark {grupp.slug} {n}",
                slug=f"benchmark-{grupp.slug}-{n}",
                summary="Exempel",
                samverkansomrade_id=grupp.samverkansomrade_id,
                grupp=grupp,
                responsible=organ,
                status=Insats.Status.PAGAENDE,
                start_date=date(2024, 1, 1),
                contact="Samordnare",
            )
    for forum in forums:
        Mote.objects.create(
            forum=forum,
            kind=Mote.Kind.HALVDAG,
            title="Benchmarkmöte",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=3),
            is_public=True,
        )
    area = groups[0].samverkansomrade
    for omrade in omraden:
        insats = Insats.objects.create(
            title=f"Nytt i {omrade.name}",
            slug=f"nytt-{omrade.slug}",
            summary="Exempel",
            samverkansomrade=area,
            responsible=organ,
            status=Insats.Status.PAGAENDE,
            start_date=date(2025, 1, 1),
            contact="Samordnare",
            publication=Insats.Publication.PUBLISHED,
            published_at=now - timedelta(days=1),
        )
        insats.omraden.add(omrade)
        Aktivitet.objects.create(
            insats=insats,
            title=f"Trygghetsvandring {omrade.name}",
            starts_at=now + timedelta(days=5),
            meeting_point="Torget",
            omrade=omrade,
        )
    users = User.objects.bulk_create(
        User(username=f"bench{n}", email=f"bench{n}@example.org", password="!")  # noqa: S106 (unusable)
        for n in range(officials)
    )
    Gruppmedlemskap.objects.bulk_create(
        Gruppmedlemskap(user=u, grupp=groups[n % len(groups)]) for n, u in enumerate(users)
    )
    Forummedlemskap.objects.bulk_create(
        Forummedlemskap(user=u, forum=forums[n % len(forums)]) for n, u in enumerate(users)
    )
    people = Prenumerant.objects.bulk_create(
        Prenumerant(email=f"invanare{n}@example.org") for n in range(subscribers)
    )
    through = Prenumerant.omraden.through
    through.objects.bulk_create(
        through(prenumerant=p, omrade=omraden[n % len(omraden)]) for n, p in enumerate(people)
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=10_000)
    parser.add_argument("--subscribers", type=int, default=50_000)
    args = parser.parse_args()

    from django.conf import settings

    from lagesbild.utskick import nyheter, sending
    from samverkan.services import load_structure

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ]
    )
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
        }
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        time.sleep(1)
        load_structure()
        populate(args.officials, args.subscribers)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            digests = sending.send_digests()
            digest_s = time.perf_counter() - started
            digest_queries = counter.count
            started = time.perf_counter()
            news = nyheter.send_news()
            news_s = time.perf_counter() - started
            news_queries = counter.count - digest_queries
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.terminate()
        server.wait()

    load1, load5, _load15 = os.getloadavg()
    print(f"mail_officials: {args.officials}")
    print(f"mail_digests_sent: {digests.sent}")
    print(f"mail_digests_failed: {digests.failed}")
    print(f"mail_digest_batches: {digests.batches}")
    print(f"mail_digest_s: {digest_s:.1f}")
    print(f"mail_digest_queries_per_batch: {digest_queries / max(digests.batches, 1):.1f}")
    print(f"mail_digest_queries_per_recipient: {digest_queries / max(digests.sent, 1):.3f}")
    print(f"mail_subscribers: {args.subscribers}")
    print(f"mail_news_sent: {news.sent}")
    print(f"mail_news_failed: {news.failed}")
    print(f"mail_news_batches: {news.batches}")
    print(f"mail_news_s: {news_s:.1f}")
    print(f"mail_news_queries_per_batch: {news_queries / max(news.batches, 1):.1f}")
    print(f"mail_news_queries_per_recipient: {news_queries / max(news.sent, 1):.3f}")
    print(f"mail_total_s: {digest_s + news_s:.1f}")
    print(f"load_1min: {load1:.2f}")
    print(f"load_5min: {load5:.2f}")


if __name__ == "__main__":
    main()
