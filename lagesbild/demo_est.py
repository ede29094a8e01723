"""EST demo data: two EST groups with places and a year of weekly reports (lagesbild/data/est_demo.toml).

The reports are drawn with a fixed seed, relative to the day of loading: the 52 ISO weeks
before this one, more in summer and at weekend evenings, fewer in winter, each organisation
reporting what it tends to see. Every text says it is an example. A group that already has
reports, actions or a prioritisation gets none added, so loading again changes nothing.
"""

import random
import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lagesbild.models import (
    EstAtgard,
    EstPlats,
    EstPrioritering,
    Handelsekategori,
    Handelserapport,
    iso_week_of,
)
from organisation.models import Organ
from samverkan.models import Omrade, Samverkansgrupp, Samverkansomrade

DEMO_FILE = Path(__file__).resolve().parent / "data" / "est_demo.toml"
WEEKS = 52
ACTION_WEEKS = 8

# Part of day → (weight, first hour, hours long): most is seen in the evening.
_PARTS = {
    Handelserapport.Dagsdel.MORGON: (1, 6, 4),
    Handelserapport.Dagsdel.DAG: (3, 10, 7),
    Handelserapport.Dagsdel.KVALL: (6, 17, 5),
    Handelserapport.Dagsdel.NATT: (3, 22, 8),
}
# Monday … Sunday: Fridays and Saturdays are the busy days.
_WEEKDAY_WEIGHTS = [1, 1, 1, 1.2, 2, 2.2, 1.4]
_PEOPLE = {
    "otrygghetsskapande-samling": ["3-5", "6-10", "6-10", "11-20", "20+"],
    "arrangemang": ["11-20", "20+"],
    "handelse-mot-personal": ["1-2", "3-5", "6-10"],
    "otrygg-plats": ["0"],
}


def _season(week: int) -> float:
    """Summer holidays bring more, the dark winter weeks fewer."""
    if 24 <= week <= 33:
        return 1.5
    if week <= 8 or week >= 50:
        return 0.7
    return 1.0


@transaction.atomic
def load_demo_est(path: Path = DEMO_FILE) -> int:
    """The demo EST groups and their data; returns how many reports were added."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    area = Samverkansomrade.objects.get(slug=data["samverkansomrade"])
    organs = {o["slug"]: Organ.objects.get(slug=o["slug"]) for o in data["organisations"]}
    categories = {k.slug: k for k in Handelsekategori.objects.filter(is_active=True)}
    rng = random.Random(data["seed"])
    created = 0
    for spec in data["grupp"]:
        grupp, _new = Samverkansgrupp.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "samverkansomrade": area,
                "kind": Samverkansgrupp.Kind.EST,
                "description": spec["description"],
                "responsible": organs["polisen"],
                "is_public": False,
            },
        )
        omraden = list(Omrade.objects.filter(slug__in=spec["omraden"]))
        grupp.omraden.add(*omraden)
        places = [
            EstPlats.objects.get_or_create(
                omrade=omraden[0],
                name=place["name"],
                defaults={"description": place.get("description", "")},
            )[0]
            for place in spec["places"]
        ]
        if not Handelserapport.objects.filter(grupp=grupp).exists():
            reports = _reports(rng, data, spec, grupp, omraden[0], places, organs, categories)
            bulk_create_with_history(reports, Handelserapport, batch_size=1_000)
            created += len(reports)
        _actions(grupp, spec, {p.name: p for p in places}, omraden[0])
    return created


def _reports(rng, data, spec, grupp, omrade, places, organs, categories):
    now = timezone.localtime()
    this_monday = now.date() - timedelta(days=now.weekday())
    organisations = data["organisations"]
    # The first places of the list are the busy ones.
    place_weights = [1 / (index + 1) for index in range(len(places))]
    reports = []
    for back in range(WEEKS, 0, -1):
        monday = this_monday - timedelta(weeks=back)
        mean = spec["weekly"] * _season(iso_week_of(monday)[1])
        count = max(0, round(rng.gauss(mean, mean**0.5)))
        for _index in range(count):
            org = rng.choices(organisations, weights=[o["weight"] for o in organisations])[0]
            slug = rng.choice(org["categories"])
            day = monday + timedelta(days=rng.choices(range(7), weights=_WEEKDAY_WEIGHTS)[0])
            part = rng.choices(list(_PARTS), weights=[w for w, _h, _l in _PARTS.values()])[0]
            _weight, first_hour, hours = _PARTS[part]
            at = time((first_hour + rng.randrange(hours)) % 24, rng.choice([0, 15, 30, 45]))
            when = timezone.make_aware(datetime.combine(day, at))
            report = Handelserapport(
                grupp=grupp,
                omrade=omrade,
                # One report in ten is about the district as a whole.
                plats=None if rng.random() < 0.1 else rng.choices(places, place_weights)[0],
                occurred_on=day,
                occurred_at=at if rng.random() < 0.7 else None,
                part_of_day=part,
                kategori=categories[slug],
                description=rng.choice(data["descriptions"][slug]),
                people=rng.choice(_PEOPLE.get(slug, ["0", "1-2", "3-5"])),
                organ=organs[org["slug"]],
                created_at=min(when + timedelta(hours=rng.randint(1, 30)), now),
            )
            report.iso_year, report.iso_week = iso_week_of(day)
            reports.append(report)
    return reports


def _actions(grupp, spec, places, omrade):
    today = timezone.localdate()
    if not EstAtgard.objects.filter(grupp=grupp).exists():
        actions = spec["actions"]
        for back in range(ACTION_WEEKS - 1, -1, -1):
            year, week = iso_week_of(today - timedelta(weeks=back))
            for offset in range(2):
                action = actions[(back + offset) % len(actions)]
                done = back > 0 and (back + offset) % 4 != 0
                EstAtgard.objects.create(
                    grupp=grupp,
                    iso_year=year,
                    iso_week=week,
                    omrade=omrade,
                    plats=places[action["place"]],
                    text=action["text"],
                    owner=Organ.objects.get(slug=action["owner"]),
                    status=_status(back, done),
                    follow_up=_follow_up(back, done),
                )
    priority = spec.get("priority")
    if priority and not EstPrioritering.objects.filter(grupp=grupp).exists():
        EstPrioritering.objects.create(
            grupp=grupp,
            year=today.year,
            quarter=(today.month - 1) // 3 + 1,
            omrade=omrade,
            plats=places[priority["place"]],
            reason=priority["reason"],
        )


def _status(back: int, done: bool) -> str:
    if back == 0:
        return EstAtgard.Status.BESLUTAD
    return EstAtgard.Status.UTFORD if done else EstAtgard.Status.EJ_UTFORD


def _follow_up(back: int, done: bool) -> str:
    if back == 0:
        return ""
    if done:
        return "Exempel: genomfört enligt plan; färre rapporter från platsen veckan efter."
    return "Exempel: hanns inte med; flyttas till nästa vecka."
