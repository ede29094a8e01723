"""The in-process steps of `make bench` (benchmarks/bench.py runs each in its own process).

    python benchmarks/bench_django.py STEP     # prints one JSON object on the last line

Steps: `urls` (the pages measured, with a session cookie for the workspace), `queries`
(queries per request of every page), `report` (both editions of the annual report through
the background worker's function: seconds and peak memory), `kolada` (import of a generated
Kolada file of 290 kommuner × 30 KPIs × 20 years), `est` (a partner's CSV of 50,000 rows),
`opendata` (peak memory while the open-data JSON streams), `reminders` (one `send_reminders`
run, digests and news, against a local aiosmtpd sink: benchmarks/mail.py's measurement).
The database is DATABASE_URL's.
"""

import json
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saker_trygg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from lagesbild.benchmark_data import measured_pages as pages  # noqa: E402

BENCH_USER = "admin"  # the demo's administrator: sees every workspace page


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def session_cookie() -> str:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=BENCH_USER))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def step_urls() -> dict:
    return {**pages(), "session": session_cookie()}


def step_queries() -> dict:
    from django.contrib.auth import get_user_model

    counts, statuses = {}, {}
    found = pages()
    anonymous, official = Client(), Client()
    official.force_login(get_user_model().objects.get(username=BENCH_USER))
    for kind, client in (("public", anonymous), ("workspace", official)):
        for name, url in found[kind].items():
            client.get(url)  # the first request warms per-process caches (Markdown, ContentType)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            counts[f"{kind}:{name}"] = len(queries)
            statuses[f"{kind}:{name}"] = response.status_code
    return {"queries": counts, "statuses": statuses}


def step_report() -> dict:
    from lagesbild.models import Rapportutskrift
    from lagesbild.rapport import build_report_data
    from lagesbild.tasks import print_report

    year = timezone.localdate().year - 1
    result = {}
    for public in (False, True):
        edition = "public" if public else "internal"
        checksum = build_report_data(year=year, public=public).checksum()
        row = Rapportutskrift.objects.create(year=year, public=public, checksum=checksum)
        before = rss_mib()
        started = time.perf_counter()
        print_report.func(row.pk)  # what the background worker runs
        result[f"report_{edition}_seconds"] = round(time.perf_counter() - started, 2)
        result[f"report_{edition}_peak_rss_mib"] = round(max(before, rss_mib()))
    return result


def kolada_file(path: Path) -> int:
    """290 kommuner × 30 KPIs × 20 years in Kolada's API v3 shape, values unlike the stored."""
    from lagesbild.benchmark_data import kommun_codes
    from lagesbild.models import Indikator

    codes = list(
        Indikator.objects.filter(code__startswith="B")
        .order_by("code")[:30]
        .values_list("code", flat=True)
    )
    year = timezone.localdate().year
    kommuner = ["1490", *kommun_codes(289)]
    values = [
        {
            "kpi": kpi,
            "municipality": m,
            "period": y,
            "values": [
                {"gender": "T", "value": (k * 31 + n * 7 + y) % 997 / 10, "count": 1, "status": ""}
            ],
        }
        for k, kpi in enumerate(codes)
        for n, m in enumerate(kommuner)
        for y in range(year - 20, year)
    ]
    path.write_text(json.dumps({"values": values, "count": len(values), "next_page": None}))
    return len(values)


def step_kolada() -> dict:
    from lagesbild.kolada import import_kolada, read_kolada_file

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "kolada.json"
        count = kolada_file(path)
        started = time.perf_counter()
        summary = import_kolada(observations=read_kolada_file(path=path))
        seconds = time.perf_counter() - started
    return {
        "kolada_observations": count,
        "kolada_seconds": round(seconds, 2),
        "kolada_written": summary.comparison_written,
    }


def step_est() -> dict:
    from lagesbild.est_import import import_reports
    from lagesbild.models import EstPlats
    from organisation.models import Organ
    from samverkan.models import Samverkansgrupp

    grupp = Samverkansgrupp.objects.filter(kind=Samverkansgrupp.Kind.EST).order_by("pk").first()
    places = list(EstPlats.objects.filter(omrade__in=grupp.omraden.all()).select_related("omrade"))
    start = timezone.localdate() - timedelta(days=365)
    lines = ["id;datum;tid;dagsdel;omrade;plats;kategori;antal;beskrivning"]
    for n in range(50_000):
        plats = places[n % len(places)]
        day = start + timedelta(days=n % 365)
        lines.append(
            f"BENCH-{n};{day.isoformat()};{n % 24:02d}:{n % 60:02d};;{plats.omrade.name};"
            f"{plats.name};Klotter;1–2;Klotter på väggen vid entré {n}"
        )
    content = ("\n".join(lines) + "\n").encode("cp1252")
    organ = Organ.objects.internal().order_by("pk").first()
    started = time.perf_counter()
    result = import_reports(content, grupp=grupp, organ=organ)
    seconds = time.perf_counter() - started
    return {
        "est_import_rows": result.created,
        "est_import_seconds": round(seconds, 2),
        "est_import_ok": result.ok,
    }


def step_opendata() -> dict:
    client = Client()
    client.get(reverse("samverkan:start"))
    result = {"opendata_rss_before_mib": round(rss_mib())}
    for name in ("insatser_json", "insatser_csv"):
        response = client.get(reverse(f"samverkan:{name}"))
        size = sum(len(chunk) for chunk in response.streaming_content)
        result[f"{name}_bytes"] = size
        result[f"{name}_peak_rss_mib"] = round(rss_mib())
    return result


def step_reminders() -> dict:
    """One reminder run over what the database holds: the demo's officials, the
    generated subscribers. It records what it sent, so it is the last step on a database."""
    import mail  # benchmarks/mail.py, beside this file

    figures = mail.measure_sending()
    return {name: round(value, 3) for name, value in figures.items()}


if __name__ == "__main__":
    step = sys.argv[1]
    print(json.dumps(globals()[f"step_{step}"]()))
