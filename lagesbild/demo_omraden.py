"""The demo's figures per område and its safety survey, from ``data/omraden_demo.toml``.

Everything in the file is invented example data and is labelled so (names, sources,
descriptions); the indicators are added with the shipped loader, which never overwrites.
Loading twice changes nothing.
"""

import tomllib
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from lagesbild.indikatordata import load_indikatorer
from lagesbild.models import (
    Indikator,
    Indikatorvarde,
    Metodbyte,
    Omradesvarde,
    Trygghetsmatning,
)
from samverkan.models import Omrade

DEMO_FILE = Path(__file__).resolve().parent / "data" / "omraden_demo.toml"


@transaction.atomic
def load_demo_omraden(*, path: Path = DEMO_FILE) -> int:
    """Returns the number of district values in the file."""
    load_indikatorer(path=path)
    with open(path, "rb") as handle:
        data = tomllib.load(handle, parse_float=Decimal)
    indikatorer = {i.code: i for i in Indikator.objects.filter(code__startswith="EX-")}
    omraden = {o.slug: o for o in Omrade.objects.all()}
    matningar = {}
    for entry in data["matning"]:
        matningar[entry["slug"]], _created = Trygghetsmatning.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "year": entry["year"],
                "organiser": entry["organiser"],
                "method": entry["method"],
                "description": entry.get("description", ""),
                "is_example": True,
            },
        )
    for entry in data.get("metodbyte", []):
        Metodbyte.objects.update_or_create(
            indikator=indikatorer[entry["indikator"]],
            year=entry["year"],
            defaults={"reason": entry["reason"]},
        )
    count = 0
    for serie in data["serie"]:
        indikator = indikatorer[serie["indikator"]]
        for entry in serie.get("kommunvarden", []):
            Indikatorvarde.objects.get_or_create(
                indikator=indikator, year=entry["year"], defaults={"value": entry["value"]}
            )
        for entry in serie["varden"]:
            wave = matningar[entry["matning"]] if "matning" in entry else None
            fields = {
                "value": entry["value"],
                "source": serie["source"],
                "matning": wave,
                "respondents": entry.get("respondents"),
                "ci_low": entry.get("ci_low"),
                "ci_high": entry.get("ci_high"),
            }
            varde, created = Omradesvarde.objects.get_or_create(
                indikator=indikator,
                omrade=omraden[entry["omrade"]],
                year=entry["year"],
                defaults=fields,
            )
            # Saved only when the file says something new, so a second run adds no history.
            if not created and any(getattr(varde, k) != v for k, v in fields.items()):
                for name, value in fields.items():
                    setattr(varde, name, value)
                varde.save()
            count += 1
    return count
