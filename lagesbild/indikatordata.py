"""The key figures shipped with the portal: indicator definitions and the first values.

The file is data, not code (``lagesbild/data/nyckeltal.toml``). Loading adds what is
missing and never overwrites: values corrected in the admin or refreshed by the Kolada
import stay as they are when the file is loaded again.
"""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from lagesbild.models import Indikator, Indikatorvarde
from organisation.services import Checker, StructureError, refuse_control_characters

DEFAULT_INDIKATOR_FILE = Path(__file__).resolve().parent / "data" / "nyckeltal.toml"
VALUE_KEYS = ("value", "national_median", "national_share_yes")


@dataclass(frozen=True)
class IndikatorSummary:
    indikatorer: int
    new_indikatorer: int
    new_varden: int


def load_indikatorer(*, path: Path = DEFAULT_INDIKATOR_FILE) -> IndikatorSummary:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle, parse_float=Decimal)
    except FileNotFoundError as exc:
        raise StructureError([f"{path}: filen finns inte"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise StructureError([f"{path}: filen är inte giltig TOML: {exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise StructureError([f"{path}: filen är inte UTF-8-kodad text"]) from exc
    except RecursionError as exc:
        raise StructureError([f"{path}: filen är för djupt nästlad"]) from exc
    except OSError as exc:
        raise StructureError([f"{path}: filen kunde inte läsas ({exc.strerror})"]) from exc
    refuse_control_characters(data, source=path)
    errors = check_indikatorer(data)
    if errors:
        raise StructureError(errors)
    with transaction.atomic():
        return _apply(data["indikator"])


def check_indikatorer(data: dict) -> list[str]:
    checker = Checker()
    entries = checker.table_list(data, "indikator")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        code = entry.get("code")
        where = f"indikator[{code or index}]"
        if code in seen:
            checker.error(where, "samma kod förekommer flera gånger")
        seen.add(code)
        if "kind" in entry:
            checker.choice(entry, "kind", where, Indikator.Kind)
        if "lower_is_better" in entry and not isinstance(entry["lower_is_better"], bool):
            checker.error(where, "'lower_is_better' ska vara true eller false")
        for key in ("decimals", "order"):
            if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], int)):
                checker.error(where, f"'{key}' ska vara ett heltal")
        varden = entry.get("varden", [])
        if not isinstance(varden, list) or not all(isinstance(v, dict) for v in varden):
            checker.error(where, "'varden' ska vara en lista med tabeller")
            continue
        years = set()
        for number, varde in enumerate(varden):
            varde_where = f"{where}.varden[{number}]"
            year = varde.get("year")
            if isinstance(year, bool) or not isinstance(year, int):
                checker.error(varde_where, "'year' ska vara ett årtal")
            elif year in years:
                checker.error(varde_where, f"året {year} förekommer två gånger")
            years.add(year)
            for key in VALUE_KEYS:
                if key in varde and (
                    isinstance(varde[key], bool) or not isinstance(varde[key], int | Decimal)
                ):
                    checker.error(varde_where, f"'{key}' ska vara ett tal")
            if not any(key in varde for key in VALUE_KEYS):
                checker.error(varde_where, "värde, median eller andel ja saknas")
    return checker.errors


def _apply(entries: list[dict]) -> IndikatorSummary:
    new_indikatorer = new_varden = 0
    for entry in entries:
        where = f"indikator[{entry['code']}]"
        indikator = Indikator.objects.filter(code=entry["code"]).first()
        if indikator is None:
            indikator = Indikator(
                code=entry["code"],
                name=entry.get("name", ""),
                unit=entry.get("unit", ""),
                kind=entry.get("kind", Indikator.Kind.NUMBER),
                lower_is_better=entry.get("lower_is_better"),
                source=entry.get("source", ""),
                description=entry.get("description", "").strip(),
                category=entry.get("category", ""),
                decimals=entry.get("decimals", 1),
                order=entry.get("order", 0),
            )
            _save(indikator, where)
            new_indikatorer += 1
        existing = set(indikator.varden.values_list("year", flat=True))
        for varde in entry.get("varden", []):
            if varde["year"] in existing:
                continue
            row = Indikatorvarde(
                indikator=indikator,
                year=varde["year"],
                **{key: Decimal(varde[key]) for key in VALUE_KEYS if key in varde},
            )
            _save(row, f"{where}.varden[{varde['year']}]")
            new_varden += 1
    return IndikatorSummary(len(entries), new_indikatorer, new_varden)


def _save(instance, where: str) -> None:
    """The model's own validation first, so a bad entry is refused with its place."""
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as exc:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise StructureError([f"{where}: {messages}"]) from exc
    instance.save()
