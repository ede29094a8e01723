"""EST at volume: a 50 000-row CSV import and a year's export among 500 000 reports.

    make benchmark-est                     # 500 000 reports over 5 years and 60 places
    make benchmark-est ARGS="--reports 50000"

runs against a throwaway PostgreSQL (.ci/with-postgres) and a test database created and
dropped here. One EST group reports on three districts with 20 places each; the reports are
generated in SQL (the generation is not what is measured). Then a partner's CSV of 50 000
rows is imported (every row checked, then written with its history row), the same file is
sent again (all skipped), and a year is exported. Then the weekly page (lagesbild:est_grupp)
is requested 100 times by an administrator, after the VACUUM ANALYZE that autovacuum would
run on a live table, and its p50/p95, query count and SQL time are printed. Targets (issue 12): import of 50 000 rows
≤ 20 s, weekly page p95 ≤ 150 ms. Output: one `name: value` line per figure.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saker_trygg.settings")
# As in production: DEBUG off (no query log, no template debug data).
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_HTTPS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

YEARS = 5
DISTRICTS = ("hulta", "hassleholmen", "norrby")
PLACES_PER_DISTRICT = 20
IMPORT_ROWS = 50_000
PAGE_REQUESTS = 100


def create_group():
    from lagesbild.models import EstPlats
    from samverkan.models import Omrade, Samverkansgrupp, Samverkansomrade

    grupp = Samverkansgrupp.objects.create(
        name="EST Benchmark",
        slug="est-benchmark",
        samverkansomrade=Samverkansomrade.objects.get(slug="lokal-samverkan"),
        kind=Samverkansgrupp.Kind.EST,
        is_public=False,
    )
    omraden = list(Omrade.objects.filter(slug__in=DISTRICTS))
    grupp.omraden.add(*omraden)
    for omrade in omraden:
        EstPlats.objects.bulk_create(
            EstPlats(omrade=omrade, name=f"Plats {n} i {omrade.name}")
            for n in range(1, PLACES_PER_DISTRICT + 1)
        )
    return grupp


def generate_reports(grupp, count: int) -> float:
    """`count` reports spread over the last five years, in one INSERT … SELECT."""
    from lagesbild.benchmark_data import insert_est_reports
    from lagesbild.models import EstPlats, Handelsekategori
    from organisation.models import Organ

    places = list(
        EstPlats.objects.filter(omrade__in=grupp.omraden.all()).values_list("pk", "omrade_id")
    )
    categories = list(Handelsekategori.objects.values_list("pk", flat=True))
    organs = list(
        Organ.objects.filter(
            slug__in=["polisen", "ab-bostader", "fritids-och-folkhalsonamnden"]
        ).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    started = time.perf_counter()
    insert_est_reports(
        grupp=grupp,
        places=places,
        categories=categories,
        organs=organs,
        today=today,
        days=YEARS * 365,
        count=count,
        description="Benchmark",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lagesbild_handelserapport")
    return time.perf_counter() - started


def import_csv(grupp) -> tuple[bytes, float, float, int]:
    from lagesbild.est_import import import_reports
    from lagesbild.models import EstPlats
    from organisation.models import Organ

    places = list(EstPlats.objects.filter(omrade__in=grupp.omraden.all()).select_related("omrade"))
    categories = ["Klotter", "skadegorelse", "Otrygg plats", "arrangemang"]
    start = timezone.localdate() - timedelta(days=365)
    lines = ["id;datum;tid;dagsdel;omrade;plats;kategori;antal;beskrivning"]
    for n in range(IMPORT_ROWS):
        plats = places[n % len(places)]
        day: date = start + timedelta(days=n % 365)
        lines.append(
            f"AB-{n};{day.isoformat()};{n % 24:02d}:{n % 60:02d};;{plats.omrade.name};"
            f"{plats.name};{categories[n % len(categories)]};1–2;Klotter på väggen vid entré {n}"
        )
    content = ("\n".join(lines) + "\n").encode("cp1252")
    organ = Organ.objects.get(slug="ab-bostader")
    started = time.perf_counter()
    result = import_reports(content, grupp=grupp, organ=organ)
    first = time.perf_counter() - started
    assert result.ok and result.created == IMPORT_ROWS, result.error_lines()[:5]
    started = time.perf_counter()
    again = import_reports(content, grupp=grupp, organ=organ)
    second = time.perf_counter() - started
    return content, first, second, again.skipped


def export_year(grupp) -> tuple[float, int]:
    from lagesbild.est_import import export_rows

    today = timezone.localdate()
    started = time.perf_counter()
    rows = sum(1 for _row in export_rows(grupp, today - timedelta(days=365), today)) - 1
    return time.perf_counter() - started, rows


def weekly_page(grupp, profile: bool = False) -> tuple[list[float], int, float] | None:
    """Request times of the weekly page in ms, its query count and the SQL time of one
    request (ms), or None while the page does not exist."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("lagesbild:est_grupp", kwargs={"slug": grupp.slug})
    except NoReverseMatch:
        return None
    # What autovacuum does to a live table after a bulk load: without it the freshly
    # written rows are not yet marked all-visible, and the counts would read each row
    # instead of the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lagesbild_handelserapport")
    # An administrator sees everything a group member sees, the meeting's forms included.
    admin = get_user_model().objects.create_superuser("benchmark-admin", "b@example.org", "x")
    client = Client()
    client.force_login(admin)
    client.get(url)  # the first request fills caches and compiles templates
    times = []
    for _n in range(PAGE_REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _n in range(10):
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return times, len(queries.captured_queries), sql_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500_000)
    parser.add_argument(
        "--profile", action="store_true", help="the weekly page's profile (cProfile) on stderr"
    )
    args = parser.parse_args()

    from django.conf import settings

    from samverkan.services import load_structure

    # DEBUG off serves hashed static names from collectstatic's manifest; the benchmark
    # measures the page, not static files, so it names them as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    # The test client asks for a host; the benchmark's requests go nowhere but here.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_structure()
        grupp = create_group()
        generate_s = generate_reports(grupp, args.reports)
        content, import_s, reimport_s, skipped = import_csv(grupp)
        export_s, exported = export_year(grupp)
        page = weekly_page(grupp, profile=args.profile)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"est_reports_generated: {args.reports}")
    print(f"est_places: {len(DISTRICTS) * PLACES_PER_DISTRICT}")
    print(f"est_generate_s: {generate_s:.1f}")
    print(f"est_import_rows: {IMPORT_ROWS}")
    print(f"est_import_file_mb: {len(content) / 2**20:.1f}")
    print(f"est_import_s: {import_s:.2f}")
    print(f"est_import_target_20s: {'met' if import_s <= 20 else 'MISSED'}")
    print(f"est_reimport_all_skipped_s: {reimport_s:.2f} ({skipped} skipped)")
    print(f"est_export_year_s: {export_s:.2f} ({exported} rows)")
    if page is not None:
        times, query_count, sql_ms = page
        quantiles = statistics.quantiles(times, n=100)
        print(f"est_weekly_page_requests: {len(times)}")
        print(f"est_weekly_page_p50_ms: {statistics.median(times):.0f}")
        print(f"est_weekly_page_p95_ms: {quantiles[94]:.0f}")
        print(f"est_weekly_page_target_p95_150ms: {'met' if quantiles[94] <= 150 else 'MISSED'}")
        print(f"est_weekly_page_queries: {query_count} ({sql_ms:.0f} ms of SQL in one request)")
    print(f"est_peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print(f"loadavg: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
