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
import contextlib
import cProfile
import io
import os
import pstats
import resource
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


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of another process so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def uptime() -> str:
    return subprocess.run(["/usr/bin/uptime"], capture_output=True, text=True).stdout.strip()  # noqa: S603


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_sink():
    """aiosmtpd with its Sink handler in a process of its own; yields (pid, port)."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
        + ["-l", f"127.0.0.1:{port}"]
    )
    try:
        deadline = time.monotonic() + 30
        while not _accepts(port):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("aiosmtpd did not start within 30 s")
            time.sleep(0.1)
        yield server.pid, port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _accepts(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def measure(officials: int, subscribers: int, *, profile: bool = False) -> dict[str, float]:
    """Populate the current database (with a kommun's structure) and run both sendings."""
    populate(officials, subscribers)
    return measure_sending(profile=profile)


def measure_sending(*, profile: bool = False) -> dict[str, float]:
    """Both sendings of one `send_reminders` run against a local sink, figure by figure.

    Whatever the current database holds is sent; ``benchmarks/bench_django.py`` calls this
    on `make bench`'s generated data. Queries are counted for the whole run and for each
    batch (``_send_batch`` and the batch's own SELECT): the per-batch count is what must not
    grow with the number of recipients, while the run's fixed queries (the candidates, read
    once) spread thinner over more batches.
    """
    from django.test.utils import override_settings

    from lagesbild.utskick import nyheter, sending

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT 0"
        )
        backend_pid = cursor.fetchone()[0]
    figures: dict[str, float] = {}
    profiler = cProfile.Profile() if profile else None
    with smtp_sink() as (sink_pid, port):
        mailers = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
            }
        }
        with override_settings(MAILERS=mailers, DEBUG=False):
            for name, module, run in (
                ("digest", sending, sending.send_digests),
                ("news", nyheter, nyheter.send_news),
            ):
                counter = QueryCounter()
                per_batch = BatchQueries(module, counter)
                cpu, sink_cpu, db_cpu = (
                    own_cpu_s(),
                    process_cpu_s(sink_pid),
                    process_cpu_s(backend_pid),
                )
                started = time.perf_counter()
                with connection.execute_wrapper(counter), per_batch:
                    if profiler:
                        profiler.enable()
                    outcome = run()
                    if profiler:
                        profiler.disable()
                figures[f"mail_{name}_s"] = time.perf_counter() - started
                figures[f"mail_{name}_cpu_s"] = own_cpu_s() - cpu
                figures[f"mail_{name}_sink_cpu_s"] = process_cpu_s(sink_pid) - sink_cpu
                figures[f"mail_{name}_db_cpu_s"] = process_cpu_s(backend_pid) - db_cpu
                figures[f"mail_{name}_sent"] = outcome.sent
                figures[f"mail_{name}_failed"] = outcome.failed
                figures[f"mail_{name}_batches"] = outcome.batches
                figures[f"mail_{name}_queries"] = counter.count
                figures[f"mail_{name}_queries_per_batch"] = counter.count / max(outcome.batches, 1)
                figures[f"mail_{name}_queries_per_batch_max"] = max(per_batch.counts, default=0)
                figures[f"mail_{name}_queries_per_recipient"] = counter.count / max(outcome.sent, 1)
    figures["mail_total_s"] = figures["mail_digest_s"] + figures["mail_news_s"]
    figures["mail_total_cpu_s"] = figures["mail_digest_cpu_s"] + figures["mail_news_cpu_s"]
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        out.write("\n")
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    return figures


class BatchQueries:
    """The queries of each batch of a sending: its ``_send_batch`` plus the batch's SELECT.

    Wraps the module's ``_send_batch`` while it is entered; ``counts`` has one number per
    batch that had recipients (the loop's last, empty SELECT ends the run and is not one).
    """

    def __init__(self, module, counter: QueryCounter):
        self.module, self.counter, self.counts = module, counter, []

    def __enter__(self):
        self.original = original = self.module._send_batch

        def counted(*args, **kwargs):
            before = self.counter.count
            try:
                return original(*args, **kwargs)
            finally:
                self.counts.append(self.counter.count - before + 1)

        self.module._send_batch = counted
        return self

    def __exit__(self, *exc):
        self.module._send_batch = self.original


TARGET_S = 120


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=10_000)
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--profile", action="store_true", help="cProfile of the sending, on stderr")
    args = parser.parse_args()

    from samverkan.services import load_structure

    print(f"uptime_before: {uptime()}")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_structure()
        figures = measure(args.officials, args.subscribers, profile=args.profile)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"mail_officials: {args.officials}")
    print(f"mail_subscribers: {args.subscribers}")
    for name, value in figures.items():
        print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
    full = args.officials >= 10_000 and args.subscribers >= 50_000
    total = figures["mail_total_s"]
    verdict = "met" if total <= TARGET_S else "NOT met"
    if not full:
        verdict += " (at this size only; the target is for 10 000 / 50 000)"
    print(f"mail_total_target: ≤ {TARGET_S} s, {verdict}")
    load1, load5, _load15 = os.getloadavg()
    print(f"load_1min: {load1:.2f}")
    print(f"load_5min: {load5:.2f}")
    print(f"uptime_after: {uptime()}")


if __name__ == "__main__":
    main()
