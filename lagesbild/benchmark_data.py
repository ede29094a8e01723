"""Data of a large kommun for `make bench`: `manage.py generate_benchmark_data --scale N`.

Scale 1 is a large kommun: 1,000 insatser with 5 follow-ups and 3 activities each, 60
områden, 400 meetings with minutes and 3 decisions each, 30 indicators × 20 years with the
national median over 290 kommuner (five of them stored as comparison kommuner) plus area
values, 50,000 EST reports, 5,000 tips and 20,000 residents who follow an område by e-mail
(issue 19). Scale N is N times each
(the indicators too: 30·N of them). It goes on top of the demo data (`load_demo`), so the
accounts and the structure are Borås'. Every choice comes from one seeded generator and
the dates count from one reference day, so the same scale on the same day gives the same
rows. Rows are written with bulk_create and, for the EST reports and comparison values, one
INSERT … SELECT each (PostgreSQL): the generation is not what the benchmark measures.

Every tenth insats is a draft and every fifteenth internal, every eighth meeting cancelled
and internal forums keep their minutes: the public pages must filter as in real life.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from organisation import public_cache

SEED = 19


class Scale:
    """The sizes of scale `n`; a fraction (the tests' 0.02) gives a small kommun."""

    def __init__(self, n: float):
        self.n = n
        self.insatser = max(1, int(1_000 * n))
        self.omraden = max(1, int(60 * n))
        self.meetings = max(1, int(400 * n))
        self.indicators = max(1, int(30 * n))
        self.years = 20
        self.kommuner = 290
        # A kommun compares itself with a handful of kommuner it chooses (Borås: a few of
        # similar size); the other 289 are in the Kolada file, where the import computes the
        # national median over them, and are not stored.
        self.comparison_kommuner = 5
        self.est_reports = max(1, int(50_000 * n))
        self.tips = max(2, int(5_000 * n))
        self.subscribers = max(1, int(20_000 * n))


def create_omraden(scale: Scale, rng: random.Random, today: date) -> str:
    from samverkan.models import Omrade

    have = Omrade.objects.count()
    Omrade.objects.bulk_create(
        Omrade(
            name=f"Bänkområde {n:05d}",
            slug=f"bankomrade-{n:05d}",
            kind=rng.choice([k for k, _label in Omrade.Kind.choices]),
            description="Ett påhittat område för prestandamätningen.",
        )
        for n in range(max(0, scale.omraden - have))
    )
    return f"{Omrade.objects.count()} områden"


def create_insatser(scale: Scale, rng: random.Random, today: date) -> str:
    from organisation.models import Organ
    from samverkan.models import (
        Aktivitet,
        Insats,
        Omrade,
        Samverkansgrupp,
        Samverkansomrade,
        Uppfoljning,
    )

    areas = list(Samverkansomrade.objects.all())
    groups = {a.pk: list(Samverkansgrupp.objects.filter(samverkansomrade=a)) for a in areas}
    bodies = list(Organ.objects.internal())
    omraden = list(Omrade.objects.values_list("pk", flat=True))
    statuses = ["pagaende"] * 6 + ["avslutad"] * 2 + ["installd", "planerad"]
    now = timezone.make_aware(datetime.combine(today, time(12)))
    insatser = []
    for n in range(scale.insatser):
        area = areas[n % len(areas)]
        status = rng.choice(statuses)
        start = today - timedelta(days=rng.randint(30, 1500))
        end = start + timedelta(days=rng.randint(30, 700)) if status == "avslutad" else None
        insatser.append(
            Insats(
                title=f"Trygghetsinsats {n + 1}: {rng.choice(WORDS)} och {rng.choice(WORDS)}",
                slug=f"bank-insats-{n:06d}",
                summary="Boende, polis, bostadsbolag och kommun arbetar tillsammans för att "
                "göra området tryggare, med vandringar, dialog och snabba åtgärder.",
                description="## Bakgrund\n\nLägesbilden visade otrygghet vid torget.\n\n"
                "## Vad vi gör\n\nVandringar varannan vecka och bättre belysning.",
                samverkansomrade=area,
                grupp=rng.choice(groups[area.pk]) if groups[area.pk] else None,
                responsible=rng.choice(bodies),
                status=status,
                start_date=None if status == "planerad" else start,
                end_date=end,
                visibility="internal" if n % 15 == 0 else "public",
                publication="draft" if n % 10 == 0 else "published",
                published_at=None if n % 10 == 0 else now - timedelta(minutes=n),
                contact="Samordnare för lokal samverkan",
            )
        )
    insatser = Insats.objects.bulk_create(insatser, batch_size=2_000)
    through = Insats.omraden.through
    through.objects.bulk_create(
        (
            through(insats_id=i.pk, omrade_id=omraden[(n * 7) % len(omraden)])
            for n, i in enumerate(insatser)
        ),
        batch_size=5_000,
    )
    Uppfoljning.objects.bulk_create(
        (
            Uppfoljning(
                insats=insats,
                date=today - timedelta(days=rng.randint(1, 700)),
                done="Trygghetsvandring med tolv boende, polisen och bostadsbolaget.",
                result="Sju platser noterades; belysningen vid gångtunneln åtgärdas.",
                participants=rng.randint(5, 40),
                is_public=k != 4,
            )
            for insats in insatser
            for k in range(5)
        ),
        batch_size=5_000,
    )
    Aktivitet.objects.bulk_create(
        (
            Aktivitet(
                insats=insats,
                title=f"Trygghetsvandring {k + 1} för {insats.title[:40]}",
                starts_at=(starts := now + timedelta(days=rng.randint(-300, 120), hours=6)),
                ends_at=starts + timedelta(hours=2),
                meeting_point="Vid torget",
                omrade_id=omraden[rng.randrange(len(omraden))],
            )
            for insats in insatser
            for k in range(3)
        ),
        batch_size=5_000,
    )
    return f"{len(insatser)} insatser, {len(insatser) * 5} uppföljningar, {len(insatser) * 3} aktiviteter"


def create_meetings(scale: Scale, rng: random.Random, today: date) -> str:
    from organisation.models import Beslut, Forum, Mote, Organ

    forums = list(Forum.objects.all())
    bodies = list(Organ.objects.internal())
    meetings = []
    for n in range(scale.meetings):
        forum = forums[n % len(forums)]
        day = today - timedelta(days=rng.randint(-90, 1500))
        starts = timezone.make_aware(datetime.combine(day, time(9)))
        held = day < today and n % 8
        meetings.append(
            Mote(
                forum=forum,
                kind=rng.choice(["heldag", "halvdag", "fokusmote"]),
                title=f"Möte {n + 1} i {forum.name}"[:200],
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place="Stadshuset",
                status="genomfort" if held else ("planerat" if day >= today else "installt"),
                cancellation_reason="" if held or day >= today else "Flyttat",
                is_public=forum.is_public,
                minutes="## Genomgång\n\nLäget i områdena redovisades." if held else "",
                minutes_published_at=starts + timedelta(days=3)
                if held and forum.is_public
                else None,
            )
        )
    meetings = Mote.objects.bulk_create(meetings, batch_size=2_000)
    Beslut.objects.bulk_create(
        (
            Beslut(
                mote=mote,
                text=f"Beslut {k + 1}: förvaltningen återkommer med en plan.",
                responsible=rng.choice(bodies),
                due_date=today + timedelta(days=rng.randint(-200, 200)),
                done=k == 0,
            )
            for mote in meetings
            if mote.status == "genomfort"
            for k in range(3)
        ),
        batch_size=5_000,
    )
    return f"{len(meetings)} möten"


def create_indicators(scale: Scale, rng: random.Random, today: date) -> str:
    from lagesbild.models import Indikator, Indikatorvarde, Jamforelsekommun, Omradesvarde
    from samverkan.models import Omrade

    first_year = today.year - scale.years
    indikatorer = Indikator.objects.bulk_create(
        Indikator(
            code=f"B{n:05d}",
            name=f"Nyckeltal {n + 1} per 1 000 invånare",
            unit="per 1 000 invånare",
            lower_is_better=True,
            source="Kolada",
            category=rng.choice(["Brott", "Trygghet", "Skadegörelse"]),
            order=2000 + n,
        )
        for n in range(scale.indicators)
    )
    Indikatorvarde.objects.bulk_create(
        (
            Indikatorvarde(
                indikator=i,
                year=y,
                value=Decimal(rng.randint(50, 150)) / 10,
                national_median=Decimal(rng.randint(50, 150)) / 10,
            )
            for i in indikatorer
            for y in range(first_year, first_year + scale.years)
        ),
        batch_size=5_000,
    )
    have = set(Jamforelsekommun.objects.values_list("code", flat=True))
    Jamforelsekommun.objects.bulk_create(
        Jamforelsekommun(code=code, name=f"Kommun {code}", order=n)
        for n, code in enumerate(kommun_codes(scale.comparison_kommuner))
        if code not in have
    )
    with connection.cursor() as cursor:
        # One INSERT … SELECT for the comparison values of every indicator and year.
        cursor.execute(
            """
            INSERT INTO lagesbild_jamforelsevarde (indikator_id, kommun_id, year, value)
            SELECT i.id, k.id, y, ((i.id * 7 + k.id * 13 + y * 3) %% 1000) / 10.0
            FROM lagesbild_indikator i
            CROSS JOIN lagesbild_jamforelsekommun k
            CROSS JOIN generate_series(%s, %s) AS y
            WHERE i.code LIKE 'B%%'
            ON CONFLICT DO NOTHING
            """,
            [first_year, first_year + scale.years - 1],
        )
    omraden = list(Omrade.objects.all())
    Omradesvarde.objects.bulk_create(
        (
            Omradesvarde(
                indikator=i,
                omrade=o,
                year=y,
                value=Decimal(rng.randint(10, 300)) / 10,
                source="Bänkdata",
            )
            for i in indikatorer[:5]
            for o in omraden
            for y in range(today.year - 5, today.year)
        ),
        batch_size=5_000,
    )
    return f"{len(indikatorer)} nyckeltal × {scale.years} år × {scale.kommuner} kommuner"


def kommun_codes(count: int) -> list[str]:
    """Four-digit municipality codes, the kommun's own (Borås 1490) left out."""
    codes = [f"{county:02d}{n:02d}" for county in range(1, 26) for n in range(1, 99)]
    return [c for c in codes if c != "1490"][:count]


def create_est_reports(scale: Scale, rng: random.Random, today: date) -> str:
    from lagesbild.models import EstPlats, Handelsekategori
    from organisation.models import Organ
    from samverkan.models import Samverkansgrupp

    grupp = Samverkansgrupp.objects.filter(kind=Samverkansgrupp.Kind.EST).order_by("pk").first()
    places = list(
        EstPlats.objects.filter(omrade__in=grupp.omraden.all()).values_list("pk", "omrade_id")
    )
    categories = list(Handelsekategori.objects.values_list("pk", flat=True))
    organs = list(Organ.objects.internal().values_list("pk", flat=True)[:5])
    insert_est_reports(
        grupp=grupp,
        places=places,
        categories=categories,
        organs=organs,
        today=today,
        days=730,
        count=scale.est_reports,
        description="Bänkdata",
    )
    return f"{scale.est_reports} EST-rapporter i {grupp.name}"


def insert_est_reports(
    *, grupp, places, categories, organs, today: date, days: int, count: int, description: str
) -> None:
    """`count` reports of `grupp` over the `days` before `today`, in one INSERT … SELECT.

    `places` are (place id, område id) pairs; places, categories and organisations take
    turns, so every combination occurs and the counts per week are even.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO lagesbild_handelserapport (
                grupp_id, omrade_id, plats_id, occurred_on, occurred_at, part_of_day,
                iso_year, iso_week, kategori_id, description, people, organ_id, source_id,
                created_at, updated_at)
            SELECT %(grupp)s, (%(districts)s)[p], (%(places)s)[p], d, NULL, 'kvall',
                   extract(isoyear FROM d), extract(week FROM d), (%(categories)s)[c],
                   %(description)s, '0', (%(organs)s)[o], '', now(), now()
            FROM (
                SELECT %(today)s::date - (i %% %(days)s) AS d,
                       1 + (i * 7) %% %(place_count)s AS p,
                       1 + (i * 3) %% %(category_count)s AS c,
                       1 + i %% %(organ_count)s AS o
                FROM generate_series(1, %(count)s) AS i
            ) AS g
            """,
            {
                "grupp": grupp.pk,
                "places": [pk for pk, _omrade in places],
                "districts": [omrade for _pk, omrade in places],
                "categories": categories,
                "organs": organs,
                "today": today,
                "days": days,
                "description": description,
                "place_count": len(places),
                "category_count": len(categories),
                "organ_count": len(organs),
                "count": count,
            },
        )


def create_tips(scale: Scale, rng: random.Random, today: date) -> str:
    from lagesbild.models import Tips, Tipsarende
    from lagesbild.models.tips import Tipskategori
    from samverkan.models import Omrade

    omraden = list(Omrade.objects.values_list("pk", flat=True))
    kinds = [k for k, _label in Tipskategori.choices]
    cases = Tipsarende.objects.bulk_create(
        (
            Tipsarende(
                omrade_id=omraden[n % len(omraden)],
                kategori=kinds[n % len(kinds)],
                place_key=f"gangtunneln {n}",
            )
            for n in range(scale.tips // 2)
        ),
        batch_size=5_000,
    )
    Tips.objects.bulk_create(
        (
            Tips(
                arende=case,
                omrade_id=case.omrade_id,
                place=f"Gångtunneln {n}",
                kategori=case.kategori,
                text="Mörkt och ingen belysning på kvällarna.",
                created_at=timezone.make_aware(
                    datetime.combine(today - timedelta(days=rng.randint(0, 365)), time(20))
                ),
            )
            for n, case in enumerate(cases)
            for _k in range(2)
        ),
        batch_size=5_000,
    )
    return f"{len(cases) * 2} tips i {len(cases)} ärenden"


def create_subscribers(scale: Scale, rng: random.Random, today: date) -> str:
    """Residents who confirmed a subscription (only those are stored), spread over the
    områden: one each, every fifth a second; confirmed some day in the last two years."""
    from lagesbild.models import Prenumerant
    from samverkan.models import Omrade

    omraden = list(Omrade.objects.values_list("pk", flat=True))
    noon = timezone.make_aware(datetime.combine(today, time(12)))
    people = Prenumerant.objects.bulk_create(
        (
            Prenumerant(
                email=f"bankprenumerant{n:07d}@example.org",
                created_at=noon - timedelta(days=rng.randint(0, 730)),
            )
            for n in range(scale.subscribers)
        ),
        batch_size=5_000,
    )
    through = Prenumerant.omraden.through
    follows = []
    for n, person in enumerate(people):
        first = rng.randrange(len(omraden))
        follows.append(through(prenumerant_id=person.pk, omrade_id=omraden[first]))
        if n % 5 == 0 and len(omraden) > 1:
            second = (first + 1 + rng.randrange(len(omraden) - 1)) % len(omraden)
            follows.append(through(prenumerant_id=person.pk, omrade_id=omraden[second]))
    through.objects.bulk_create(follows, batch_size=5_000)
    return f"{len(people)} prenumeranter som följer {len(follows)} områden"


def measured_pages() -> dict[str, dict[str, str]]:
    """Name → URL of the public and the workspace pages, objects of the demo data (the same
    rows at every scale: the demo is loaded first)."""
    from lagesbild.models import Indikator
    from organisation.models import Forum, Mote
    from samverkan.models import Aktivitet, Insats, Omrade, Samverkansgrupp, Samverkansomrade

    insats = Insats.objects.published().order_by("pk").first()
    omrade = Omrade.objects.order_by("pk").first()
    forum = Forum.objects.public().order_by("pk").first()
    mote = Mote.objects.with_published_minutes().filter(forum=forum).order_by("pk").first()
    area = Samverkansomrade.objects.order_by("pk").first()
    aktivitet = Aktivitet.objects.published().order_by("pk").first()
    indikator = Indikator.objects.published().order_by("pk").first()
    est = Samverkansgrupp.objects.filter(kind=Samverkansgrupp.Kind.EST).order_by("pk").first()
    public = {
        "start": reverse("samverkan:start"),
        "insatser": reverse("samverkan:insatser"),
        "insatser_filter": reverse("samverkan:insatser") + "?status=pagaende&sida=2",
        "insatser_search": reverse("samverkan:insatser") + "?q=trygghet",
        "insats": reverse("samverkan:insats", args=[insats.slug]),
        "omrade": reverse("samverkan:omrade", args=[omrade.slug]),
        "forum": reverse("organisation:forum", args=[forum.slug]),
        "nyckeltal": reverse("lagesbild:nyckeltal"),
        "kalender_ics": reverse("samverkan:kalender_ics"),
        "insatser_json": reverse("samverkan:insatser_json"),
        "organisation": reverse("samverkan:organisation"),
        "samverkansomraden": reverse("samverkan:samverkansomraden"),
        "samverkansomrade": reverse("samverkan:samverkansomrade", args=[area.slug]),
        "aktivitet": reverse("samverkan:aktivitet", args=[aktivitet.pk]),
        "omraden": reverse("samverkan:omraden"),
        "kalender": reverse("samverkan:kalender"),
        "moten_ics": reverse("organisation:moten_ics"),
        "indikator": reverse("lagesbild:indikator", args=[indikator.code]),
        "sok": reverse("lagesbild:sok") + "?q=trygghet",
        "lagesbilder": reverse("lagesbild:public_list"),
        "atgardsplaner": reverse("lagesbild:public_plans"),
        "oppna_data": reverse("lagesbild:oppna_data"),
        "insatser_csv": reverse("samverkan:insatser_csv"),
        "insats_feed": reverse("samverkan:insats_feed"),
        "minutes_feed": reverse("organisation:minutes_feed"),
        "rapporter": reverse("lagesbild:rapporter"),
        "tips": reverse("lagesbild:tips"),
        "insats_en": "/en" + reverse("samverkan:insats", args=[insats.slug]),
    }
    if mote:
        public["mote"] = reverse("organisation:mote", args=[forum.slug, mote.pk])
    workspace = {
        "arbetsyta": reverse("samverkan:arbetsyta"),
        "arbetsyta_insats": reverse("samverkan:arbetsyta_insats", args=[insats.pk]),
        "insats_edit": reverse("samverkan:insats_edit", args=[insats.pk]),
        "insats_history": reverse("samverkan:insats_history", args=[insats.pk]),
        "arbetsyta_forum": reverse("organisation:arbetsyta_forum", args=[forum.slug]),
        "lagesbild_list": reverse("lagesbild:list"),
        "atgardsplan_list": reverse("lagesbild:atgardsplaner"),
        "est_index": reverse("lagesbild:est"),
        "est_weekly": reverse("lagesbild:est_grupp", args=[est.slug]),
        "est_rapportera": reverse("lagesbild:est_rapportera"),
        "tips_inbox": reverse("lagesbild:tips_inbox"),
    }
    if mote:
        workspace["arbetsyta_mote"] = reverse("organisation:arbetsyta_mote", args=[mote.pk])
    return {"public": public, "workspace": workspace}


GENERATORS = [
    create_omraden,
    create_insatser,
    create_meetings,
    create_indicators,
    create_est_reports,
    create_tips,
    create_subscribers,
]

WORDS = ["grannsamverkan", "belysning", "feriearbete", "nattvandring", "dialog", "trygghet"]


def generate(*, scale: float, today: date, report=print) -> None:
    """Everything of `GENERATORS`, in one transaction; the public pages' versions once."""
    rng = random.Random(SEED)
    sizes = Scale(scale)
    with transaction.atomic(), public_cache.one_bump_per_family():
        for generator in GENERATORS:
            report(generator(sizes, rng, today))
        public_cache.bump()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
