"""The demo's medborgarlöften, from ``data/medborgarloften_demo.toml`` (invented example data).

Years are relative to today, so the demo's promises are this year's and last year's. Every
set is marked ``is_example`` and published, so the public tracker has something to show.
Loading twice changes nothing.
"""

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lagesbild.models import Atgardsplan, Indikator, Lofte, Medborgarloften
from organisation.models import Organ
from samverkan.models import Insats, Omrade

DEMO_FILE = Path(__file__).resolve().parent / "data" / "medborgarloften_demo.toml"

LOFTE_FIELDS = ["promise", "planned_output", "planned_count", "achieved_count", "baseline"]


@transaction.atomic
def load_demo_loften(*, path: Path = DEMO_FILE) -> int:
    """Returns the number of promises in the file."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle, parse_float=Decimal)
    today = timezone.localdate()
    organ = {o.slug: o for o in Organ.objects.all()}
    count = 0
    for entry in data["medborgarloften"]:
        year = today.year + entry["year_offset"]
        month, day = (int(part) for part in entry["signed"].split("-"))
        plan = None
        if entry.get("atgardsplan"):
            plan = Atgardsplan.objects.filter(title=f"Åtgärdsplan Borås Stad {year}").first()
        loften, created = Medborgarloften.objects.get_or_create(
            year=year,
            omrade=Omrade.objects.get(slug=entry["omrade"]),
            defaults={
                "title": entry["title"],
                "summary": entry["summary"],
                "signed_on": min(date(year, month, day), today),
                "atgardsplan": plan,
                "is_example": True,
                "published_at": timezone.now(),
            },
        )
        if created:
            loften.parties.set([organ[slug] for slug in entry["parties"]])
        for order, item in enumerate(entry["lofte"]):
            count += 1
            if not created:
                continue
            lofte = Lofte(
                medborgarloften=loften,
                order=order,
                party=organ.get(item.get("party", "")),
                insats=Insats.objects.filter(slug=item.get("insats", "")).first(),
                indikator=Indikator.objects.filter(code=item.get("indikator", "")).first(),
                target=item.get("target"),
                status=item.get("status", ""),
                status_reason=item.get("status_reason", ""),
                status_set_at=timezone.now() if item.get("status") else None,
                **{name: item.get(name) for name in LOFTE_FIELDS if name in item},
            )
            lofte.full_clean()
            lofte.save()
    return count
