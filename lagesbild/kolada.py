"""Import of key figures from Kolada, the municipal key-figure database (API v3 JSON).

A Kolada response looks like ``{"values": [{"kpi", "municipality", "period", "values":
[{"gender", "value", "count", "status"}]}], "count", "next_page"}``. The import keeps the
total (gender "T"), stores the kommun's own value per KPI and year, and computes the
national median over every municipality in the data, since Kolada publishes no median.
Codes starting with 00 are the country (0000) and the regions, not municipalities: they
take no part in the median.

Everything is checked before anything is written, and everything is written in one
transaction: a file with one bad value is refused whole, with the place of the problem.
"""

import json
import re
import statistics
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from lagesbild.models import Indikator, Indikatorvarde, Jamforelsekommun, Jamforelsevarde
from lagesbild.models.indikatorer import CODE_PATTERN, VALUE_DECIMALS, VALUE_DIGITS
from organisation import public_cache
from organisation.models import Kommun
from organisation.parsing import parse_int

KOLADA_API = "https://api.kolada.se/v3"
TIMEOUT_SECONDS = 30
MAX_PAGES = 200
MAX_ERRORS = 25
# Fewer municipalities than this and the "national" median is worth a warning.
NATIONWIDE = 250
CHANGE_REASON = "Kolada-import"

_QUANTUM = Decimal(1).scaleb(-VALUE_DECIMALS)
_LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)


class KoladaError(Exception):
    """Kolada data that cannot be imported; carries every problem found, in Swedish."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Observation:
    """One municipality's total value of one KPI in one year, and where it was read."""

    kpi: str
    municipality: str
    year: int
    value: Decimal
    where: str


@dataclass(frozen=True)
class Page:
    observations: list[Observation]
    next_page: str | None


@dataclass
class ImportSummary:
    indikatorer: int = 0
    created_indikatorer: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    comparison_written: int = 0
    # (kpi, year) → municipalities behind a median computed from fewer than NATIONWIDE.
    thin_medians: dict[tuple[str, int], int] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Reading


def read_kolada_file(*, path: Path) -> list[Observation]:
    """Every total value in a saved Kolada response; a page of a longer response is refused."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise KoladaError([f"{source}: filen finns inte"]) from exc
    except UnicodeDecodeError as exc:
        raise KoladaError([f"{source}: filen är inte UTF-8-kodad text"]) from exc
    except OSError as exc:
        raise KoladaError([f"{source}: filen kunde inte läsas ({exc.strerror})"]) from exc
    page = parse_kolada_page(decode_json(text, source=source), source=source)
    if page.next_page:
        raise KoladaError(
            [
                f"{source}: filen är bara en sida av Koladas svar (next_page pekar vidare till "
                f"{page.next_page}); medianen skulle räknas på en del av kommunerna. Hämta alla "
                "sidor med --url, eller spara hela svaret i en fil."
            ]
        )
    return page.observations


def fetch_kolada(
    *, url: str, timeout: float = TIMEOUT_SECONDS, opener: Any = None
) -> list[Observation]:
    """Every total value from a Kolada API URL, following ``next_page`` to the last page.

    ``opener`` is anything with urllib's ``open(request, timeout=...)``; tests pass their own.
    """
    opener = opener or urllib.request.build_opener()
    try:
        host = urlsplit(url).netloc
    except ValueError as exc:
        raise KoladaError([f"{url}: ingen giltig adress ({exc})"]) from exc
    observations: list[Observation] = []
    seen: set[str] = set()
    number = 1
    next_url: str | None = url
    while next_url:
        try:
            parts = urlsplit(next_url)
        except ValueError as exc:  # a next_page like "http://[::1"
            raise KoladaError([f"{next_url}: ingen giltig adress ({exc})"]) from exc
        if parts.scheme not in {"http", "https"}:
            raise KoladaError([f"{next_url}: bara http- och https-adresser kan hämtas"])
        if parts.netloc != host:
            raise KoladaError(
                [f"{next_url}: next_page pekar på en annan värd än {host}; hämtningen avbröts"]
            )
        if next_url in seen or number > MAX_PAGES:
            raise KoladaError(
                [f"{next_url}: sidorna tar aldrig slut (sida {number}); hämtningen avbröts"]
            )
        seen.add(next_url)
        source = f"{next_url} (sida {number})"
        body = _get(opener, next_url, timeout=timeout)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise KoladaError([f"{source}: svaret är inte UTF-8-kodad text"]) from exc
        page = parse_kolada_page(decode_json(text, source=source), source=source)
        observations += page.observations
        next_url = page.next_page
        number += 1
    return observations


def _get(opener, url: str, *, timeout: float) -> bytes:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked to be http(s) above
        url, headers={"Accept": "application/json", "User-Agent": "saker-trygg-kolada-import"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        raise KoladaError([f"{url}: Kolada svarade {exc.code} {exc.reason}"]) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KoladaError(
            [
                f"{url}: Kolada gick inte att nå ({reason}). Kontrollera nätverket, eller ladda "
                "ner svaret på en dator med nätverk och läs in filen: import_kolada FIL"
            ]
        ) from exc


def decode_json(text: str, *, source: str) -> Any:
    try:
        # Decimal keeps 10.3 as 10.3; NaN and Infinity stay text and are refused as values.
        return json.loads(text, parse_float=Decimal, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise KoladaError(
            [f"{source}: ogiltig JSON på rad {exc.lineno}, kolumn {exc.colno}: {exc.msg}"]
        ) from exc
    except ValueError as exc:
        # Python refuses integers of more than 4,300 digits while parsing.
        raise KoladaError([f"{source}: ogiltig JSON: ett tal har för många siffror"]) from exc
    except RecursionError as exc:
        raise KoladaError([f"{source}: ogiltig JSON: för djupt nästlad"]) from exc


def parse_kolada_page(data: Any, *, source: str) -> Page:
    """Check the shape of one response and pick out the totals; every problem is reported."""
    errors: list[str] = []

    def error(where: str, message: str) -> None:
        errors.append(f"{source}: {where}: {message}")

    if not isinstance(data, dict):
        raise KoladaError([f'{source}: ska vara ett JSON-objekt med nyckeln "values"'])
    items = data.get("values")
    if not isinstance(items, list):
        raise KoladaError([f'{source}: "values" saknas eller är inte en lista'])
    next_page = data.get("next_page")
    if next_page is not None and not isinstance(next_page, str):
        error("next_page", "ska vara en adress eller null")
        next_page = None
    count = data.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        error("count", f"{_shown(count)} är inte ett heltal")

    observations = []
    for index, item in enumerate(items):
        where = f"values[{index}]"
        if not isinstance(item, dict):
            error(where, "ska vara ett objekt")
            continue
        kpi = _kpi(item.get("kpi"), f"{where}.kpi", error)
        municipality = _municipality(item.get("municipality"), f"{where}.municipality", error)
        year = _year(item.get("period"), f"{where}.period", error)
        entries = item.get("values")
        if not isinstance(entries, list):
            error(f"{where}.values", "saknas eller är inte en lista")
            continue
        total = None
        for number, entry in enumerate(entries):
            entry_where = f"{where}.values[{number}]"
            if not isinstance(entry, dict):
                error(entry_where, "ska vara ett objekt")
                continue
            gender = entry.get("gender")
            if not isinstance(gender, str) or not gender:
                error(f"{entry_where}.gender", "saknas")
                continue
            if "value" not in entry:
                error(f"{entry_where}.value", "saknas")
                continue
            value = _number(entry["value"], f"{entry_where}.value", error)
            if gender != "T":
                continue
            if total is not None:
                error(entry_where, 'två totalvärden (gender "T") för samma kommun och år')
            total = (value, entry_where)
        if total and total[0] is not None and kpi and municipality and year:
            observations.append(Observation(kpi, municipality, year, total[0], total[1]))
    if errors:
        raise KoladaError(_capped(errors))
    return Page(observations, next_page or None)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False, default=str)


def _kpi(value, where, error) -> str | None:
    if not isinstance(value, str) or not re.match(CODE_PATTERN, value):
        error(where, f"{_shown(value)} är ingen nyckeltalskod")
        return None
    return value


def _municipality(value, where, error) -> str | None:
    if not isinstance(value, str) or len(value) != 4 or parse_int(value) is None:
        error(where, f"{_shown(value)} är ingen kommunkod med fyra siffror")
        return None
    return value


def _year(value, where, error) -> int | None:
    if isinstance(value, str) and parse_int(value) is not None:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        error(where, f"{_shown(value)} är inget årtal")
        return None
    return value


def _number(value, where, error) -> Decimal | None:
    """None for a missing value (Kolada's null); a Decimal rounded to what the database keeps."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        if isinstance(value, str) and _is_numeric_text(value):
            error(where, f"{_shown(value)} är text, inte ett tal")
        else:
            error(where, f"{_shown(value)} är inte ett tal")
        return None
    # Compared before rounding: quantize() cannot even represent 1e999 at four decimals.
    if abs(Decimal(value)) >= _LIMIT:
        error(where, f"{_shown(value)[:40]} är för stort")
        return None
    return Decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def _is_numeric_text(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _capped(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_ERRORS:
        return errors
    return errors[:MAX_ERRORS] + [f"… och {len(errors) - MAX_ERRORS} fel till"]


# ---------------------------------------------------------------------------
# Writing


def import_kolada(
    *, observations: Iterable[Observation], create_missing: bool = False
) -> ImportSummary:
    """Store the kommun's values and the national medians; all of it or, on any error, nothing.

    Indicators are matched by KPI code. Rows are compared before they are saved, so importing
    the same data twice changes nothing and leaves no history.
    """
    observations = list(observations)
    kommun_code = Kommun.objects.values_list("code", flat=True).first()
    if kommun_code is None:
        raise KoladaError(["Ingen kommun finns i databasen; läs in strukturen (load_structure)."])

    errors: list[str] = []
    unique: dict[tuple[str, str, int], Observation] = {}
    for obs in observations:
        key = (obs.kpi, obs.municipality, obs.year)
        earlier = unique.get(key)
        if earlier is not None and earlier.value != obs.value:
            errors.append(
                f"{obs.where}: {obs.kpi} för kommun {obs.municipality} år {obs.year} finns "
                f"redan med ett annat värde ({earlier.where})"
            )
        unique[key] = obs

    codes = sorted({kpi for kpi, _m, _y in unique})
    indikatorer = {i.code: i for i in Indikator.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in indikatorer]
    if unknown and not create_missing:
        errors.append(
            f"Okända nyckeltal i datan: {', '.join(unknown)}. Lägg upp dem under Nyckeltal i "
            "admin, eller kör med --create-missing."
        )
    for obs in unique.values():
        indikator = indikatorer.get(obs.kpi)
        if indikator is not None and indikator.is_yes_no and obs.value not in (0, 1):
            errors.append(
                f"{obs.where}: {obs.kpi} är ett ja/nej-nyckeltal och tar 1 eller 0, "
                f"inte {obs.value.normalize()}"
            )
    if errors:
        raise KoladaError(_capped(errors))

    # Thousands of rows: the public pages' nyckeltal version is renewed once, not per row.
    with transaction.atomic(), public_cache.one_bump_per_family():
        summary = ImportSummary()
        for code in unknown:
            indikatorer[code] = Indikator.objects.create(
                code=code,
                name=f"Nyckeltal {code} från Kolada",
                unit="",
                source="Kolada",
                category="Från Kolada",
                order=1000,
            )
            summary.created_indikatorer.append(code)
        summary.indikatorer = len(codes)
        _write_values(unique.values(), indikatorer, kommun_code, summary)
        _write_comparisons(unique.values(), indikatorer, summary)
    return summary


def national_median(values: list[Decimal]) -> Decimal:
    """The median municipality's value; for an even count, the mean of the middle two."""
    return Decimal(statistics.median(values)).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


def _write_values(observations, indikatorer, kommun_code, summary) -> None:
    by_kpi_year: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    for obs in observations:
        by_kpi_year[(obs.kpi, obs.year)][obs.municipality] = obs.value
    existing = {
        (row.indikator_id, row.year): row
        for row in Indikatorvarde.objects.filter(
            indikator__in=list(indikatorer.values()), year__in={y for _k, y in by_kpi_year}
        )
    }
    for (kpi, year), by_municipality in sorted(by_kpi_year.items()):
        indikator = indikatorer[kpi]
        # 0000 is the country and 00xx the regions: they are not municipalities.
        municipal = [v for code, v in by_municipality.items() if not code.startswith("00")]
        fields: dict[str, Decimal | int | None] = {}
        if kommun_code in by_municipality:
            fields["value"] = by_municipality[kommun_code]
        # A median of the kommun alone would only repeat its own value.
        if len(municipal) >= 2:
            if indikator.is_yes_no:
                share = Decimal(100 * sum(1 for v in municipal if v == 1)) / len(municipal)
                fields["national_share_yes"] = share.quantize(Decimal("0.01"))
            else:
                fields["national_median"] = national_median(municipal)
                fields["median_basis"] = len(municipal)
            if len(municipal) < NATIONWIDE:
                summary.thin_medians[(kpi, year)] = len(municipal)
        if not fields:
            continue
        row = existing.get((indikator.pk, year))
        if row is None:
            row = Indikatorvarde(indikator=indikator, year=year, **fields)
            row._change_reason = CHANGE_REASON
            row.save()
            summary.created += 1
            continue
        changed = [name for name, value in fields.items() if getattr(row, name) != value]
        if not changed:
            summary.unchanged += 1
            continue
        for name in changed:
            setattr(row, name, fields[name])
        row._change_reason = CHANGE_REASON
        row.save(update_fields=changed)
        summary.updated += 1


def _write_comparisons(observations, indikatorer, summary) -> None:
    kommuner = {k.code: k for k in Jamforelsekommun.objects.all()}
    wanted = [obs for obs in observations if obs.municipality in kommuner]
    if not wanted:
        return
    existing = {
        (row.indikator_id, row.kommun_id, row.year): row
        for row in Jamforelsevarde.objects.filter(
            indikator__in=list(indikatorer.values()), kommun__in=list(kommuner.values())
        )
    }
    for obs in wanted:
        indikator, kommun = indikatorer[obs.kpi], kommuner[obs.municipality]
        row = existing.get((indikator.pk, kommun.pk, obs.year))
        if row is None:
            Jamforelsevarde.objects.create(
                indikator=indikator, kommun=kommun, year=obs.year, value=obs.value
            )
        elif row.value != obs.value:
            row.value = obs.value
            row.save(update_fields=["value"])
        else:
            continue
        summary.comparison_written += 1
