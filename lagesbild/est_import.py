"""EST reports from a partner's own system: a CSV file read, checked whole, then written whole.

A partner (Polisen, AB Bostäder …) exports its incidents with a header row of the columns in
``COLUMNS``. Every row is checked before anything is written: a file with one bad row is
refused with the row number and reason of every bad row, so a partner never has to work out
which half of a file went in. Rows whose id the organisation already has are skipped, so
the same export can be sent again. The export of a period goes the other way (``export_rows``).
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from lagesbild.models import EstPlats, Handelsekategori, Handelserapport, iso_week_of
from organisation import public_cache
from organisation.dates import DATE_LOW
from organisation.models import Organ
from organisation.personnummer import find_personnummer
from organisation.spreadsheets import neutralise_formula
from samverkan.models import Samverkansgrupp

# Column → what it holds; README documents the same list.
COLUMNS = ("id", "datum", "tid", "dagsdel", "omrade", "plats", "kategori", "antal", "beskrivning")
REQUIRED_COLUMNS = ("id", "datum", "omrade", "kategori")
# A partner's yearly export is a few thousand rows; the bounds keep a wrong file from
# holding a worker and the database for minutes.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
# Beyond this many bad rows the file is plainly the wrong one; the rest are only counted.
MAX_LISTED_ERRORS = 100
BATCH_SIZE = 2_000

_PARTS_OF_DAY = {
    **{value: value for value in Handelserapport.Dagsdel.values},
    "kväll": Handelserapport.Dagsdel.KVALL,
}
# Looked up once: the enum's .values is rebuilt on every access.
_PEOPLE = frozenset(Handelserapport.Antal.values)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


class ImportRefused(Exception):
    """The file as a whole cannot be read: wrong encoding, too large, no header …"""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str

    def __str__(self):
        return _("Row %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Bad rows past MAX_LISTED_ERRORS: counted, not listed.
    more_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _(
            "%(created)d reports were imported, %(skipped)d were skipped (already imported)"
        ) % {
            "created": self.created,
            "skipped": self.skipped,
        }

    def error_lines(self) -> list[str]:
        lines = [str(error) for error in self.errors]
        if self.more_errors:
            lines.append(_("… and %(count)d more bad rows.") % {"count": self.more_errors})
        return lines


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 when the bytes are plainly that."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    text = None
    for encoding in ("utf-8", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    # Control characters (C0 but tab and line ends, and C1) never occur in text a person
    # wrote: such bytes mean another encoding (UTF-16, say) or no text at all.
    if text is None or _CONTROL.search(text):
        raise ImportRefused(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as CSV in UTF-8 and try again."
            )
        )
    return text


def _dialect(text: str):
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,")
    except csv.Error:
        # One column, or a sample the sniffer cannot settle: the header line decides.
        header = sample.splitlines()[0] if sample else ""
        return csv.excel if header.count(",") > header.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


@dataclass(frozen=True)
class _Lookups:
    omraden: dict
    places: dict
    categories: dict

    @classmethod
    def for_group(cls, grupp: Samverkansgrupp) -> "_Lookups":
        omraden = {}
        for omrade in grupp.omraden.all():
            omraden[omrade.name.casefold()] = omrade
            omraden[omrade.slug.casefold()] = omrade
        places = {}
        # A merged place is still known by its old name; its reports go to the place it became.
        for plats in EstPlats.objects.filter(omrade__in=set(omraden.values())).exclude(
            status=EstPlats.Status.FORESLAGEN
        ):
            target_id = plats.merged_into_id or plats.pk
            places[(plats.omrade_id, plats.name.casefold())] = target_id
        categories = {}
        for kategori in Handelsekategori.objects.filter(is_active=True):
            categories[kategori.name.casefold()] = kategori
            categories[kategori.slug.casefold()] = kategori
        return cls(omraden, places, categories)


def _parse_row(values: dict, lookups: _Lookups, today: date) -> tuple[dict, list[str]]:
    reasons = []
    fields = {}
    source_id = values.get("id", "")
    if not source_id:
        reasons.append(_("the id is missing"))
    elif len(source_id) > 100:
        reasons.append(_("the id is longer than 100 characters"))
    fields["source_id"] = source_id

    raw_date = values.get("datum", "")
    try:
        occurred_on = date.fromisoformat(raw_date) if len(raw_date) == 10 else None
    except ValueError:
        occurred_on = None
    if occurred_on is None:
        reasons.append(
            _("the date “%(value)s” is not a date of the form 2025-03-31")
            % {"value": _shown(raw_date)}
        )
    elif not DATE_LOW <= occurred_on <= today:
        reasons.append(
            _("the date %(value)s is not between %(low)s and today")
            % {"value": _shown(raw_date), "low": DATE_LOW.isoformat()}
        )
    fields["occurred_on"] = occurred_on

    raw_time = values.get("tid", "")
    occurred_at = None
    if raw_time:
        try:
            # Exactly HH:MM; fromisoformat alone would also take seconds and time zones.
            if len(raw_time) != 5 or raw_time[2] != ":":
                raise ValueError
            occurred_at = time.fromisoformat(raw_time)
        except ValueError:
            reasons.append(
                _("the time “%(value)s” is not a time of the form 23:30")
                % {"value": _shown(raw_time)}
            )
    fields["occurred_at"] = occurred_at

    raw_part = values.get("dagsdel", "").casefold()
    part_of_day = _PARTS_OF_DAY.get(raw_part, "") if raw_part else _part_of_day(occurred_at)
    if raw_part and not part_of_day:
        reasons.append(
            _("the part of day “%(value)s” is not one of morgon, dag, kvall, natt")
            % {"value": _shown(values["dagsdel"])}
        )
    fields["part_of_day"] = part_of_day

    raw_omrade = values.get("omrade", "")
    omrade = lookups.omraden.get(raw_omrade.casefold())
    if omrade is None:
        reasons.append(
            _("the district “%(value)s” is not one of the group's districts")
            % {"value": _shown(raw_omrade)}
        )
    fields["omrade"] = omrade

    raw_plats = values.get("plats", "")
    fields["plats_id"] = None
    if raw_plats and omrade is not None:
        plats_id = lookups.places.get((omrade.pk, raw_plats.casefold()))
        if plats_id is None:
            reasons.append(
                _("the place “%(value)s” is not an approved place in %(omrade)s")
                % {"value": _shown(raw_plats), "omrade": omrade.name}
            )
        fields["plats_id"] = plats_id

    raw_kategori = values.get("kategori", "")
    kategori = lookups.categories.get(raw_kategori.casefold())
    if kategori is None:
        reasons.append(
            _("the category “%(value)s” is not a category in use") % {"value": _shown(raw_kategori)}
        )
    fields["kategori"] = kategori

    raw_people = values.get("antal", "").translate(_DASHES).replace(" ", "")
    people = raw_people or Handelserapport.Antal.INGA
    if people not in _PEOPLE:
        reasons.append(
            _("the number of people “%(value)s” is not one of %(choices)s")
            % {"value": _shown(values["antal"]), "choices": ", ".join(Handelserapport.Antal.values)}
        )
    fields["people"] = people

    description = values.get("beskrivning", "")
    if len(description) > 500:
        reasons.append(
            _("the description has %(count)d characters; at most 500 are allowed")
            % {"count": len(description)}
        )
    if find_personnummer(description):
        reasons.append(_("the description contains a personal identity number; remove it"))
    fields["description"] = description
    return fields, reasons


def _shown(value: str) -> str:
    """A cell quoted in an error: a cell of a wrong file can be a megabyte long."""
    return value if len(value) <= 60 else value[:59] + "…"


def _part_of_day(at: time | None) -> str:
    if at is None:
        return ""
    if 6 <= at.hour < 10:
        return Handelserapport.Dagsdel.MORGON
    if 10 <= at.hour < 17:
        return Handelserapport.Dagsdel.DAG
    if 17 <= at.hour < 22:
        return Handelserapport.Dagsdel.KVALL
    return Handelserapport.Dagsdel.NATT


def _records(
    text: str,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED_COLUMNS,
    max_rows: int = MAX_ROWS,
) -> Iterator[tuple[int, dict]]:
    """(row number, cells by column) per non-blank row; None for a row of the wrong width.
    The area-figure import reads its own columns with the same rules."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused(_("The file is empty: it has no header row.")) from None
    header = [name.strip().casefold() for name in header]
    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name and name not in columns]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("columns missing: %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
        raise ImportRefused(
            _(
                "The header row is not the documented one (%(problems)s). The columns are: %(columns)s."
            )
            % {"problems": "; ".join(parts), "columns": ";".join(columns)}
        )
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as spreadsheet programs leave at the end
        if number - 1 > max_rows:
            raise ImportRefused(
                _("The file has more than %(count)d rows. Split it into smaller files.")
                % {"count": max_rows}
            )
        if len(row) != len(header):
            yield number, None
            continue
        yield number, {name: cell.strip() for name, cell in zip(header, row, strict=True)}


def import_reports(
    content: bytes, *, grupp: Samverkansgrupp, organ: Organ, user=None
) -> ImportResult:
    """Check every row of the file, then write all of them or none. Raises ImportRefused."""
    if len(content) > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    text = decode(content)
    lookups = _Lookups.for_group(grupp)
    today = timezone.localdate()
    result = ImportResult()
    parsed: list[tuple[int, dict]] = []
    first_row_of: dict[str, int] = {}
    for number, values in _records(text):
        if values is None:
            reasons = [_("the row does not have as many cells as the header row")]
            fields = {}
        else:
            fields, reasons = _parse_row(values, lookups, today)
            source_id = fields["source_id"]
            if source_id in first_row_of:
                reasons.append(
                    _("the id “%(id)s” is also on row %(row)d")
                    % {"id": _shown(source_id), "row": first_row_of[source_id]}
                )
            elif source_id:
                first_row_of[source_id] = number
        if reasons:
            if len(result.errors) < MAX_LISTED_ERRORS:
                result.errors.append(RowError(number, "; ".join(reasons)))
            else:
                result.more_errors += 1
        else:
            parsed.append((number, fields))
    if not parsed and not result.errors:
        raise ImportRefused(_("The file has a header row but no reports."))
    if result.errors:
        return result

    seen = _known_source_ids(organ, [fields["source_id"] for _number, fields in parsed])
    reports = []
    for _number, fields in parsed:
        if fields["source_id"] in seen:
            result.skipped += 1
            continue
        report = Handelserapport(grupp=grupp, organ=organ, **fields)
        # bulk_create does not run save(), which sets the week.
        report.iso_year, report.iso_week = iso_week_of(report.occurred_on)
        reports.append(report)
    try:
        with transaction.atomic():
            # The history names who brought the file in; the reports have no reporter of
            # their own, since nobody here saw the incidents.
            bulk_create_with_history(
                reports, Handelserapport, batch_size=BATCH_SIZE, default_user=user
            )
            # bulk_create sends no signals; published EST quarters count these reports.
            public_cache.bump(public_cache.EST)
    except IntegrityError:
        # Another import of the same ids committed between the check and the write.
        raise ImportRefused(
            _("Another import with the same ids was saved at the same time. Send the file again.")
        ) from None
    result.created = len(reports)
    return result


def _known_source_ids(organ: Organ, source_ids: list[str]) -> set[str]:
    known = set()
    # PostgreSQL takes at most 65 535 parameters in one query.
    for start in range(0, len(source_ids), 10_000):
        chunk = source_ids[start : start + 10_000]
        known.update(
            Handelserapport.objects.filter(organ=organ, source_id__in=chunk).values_list(
                "source_id", flat=True
            )
        )
    return known


# The export's id is the portal's own number; the partner's id is in kallid.
EXPORT_COLUMNS = ("id", "kallid", *COLUMNS[1:], "organisation", "vecka")


def export_rows(grupp: Samverkansgrupp, start: date, end: date) -> Iterator[list]:
    """The header and the group's current reports in [start, end], cells safe for spreadsheets."""
    yield list(EXPORT_COLUMNS)
    reports = (
        Handelserapport.objects.current()
        .filter(grupp=grupp, occurred_on__range=(start, end))
        .order_by("occurred_on", "occurred_at", "pk")
        .values_list(
            "pk",
            "source_id",
            "occurred_on",
            "occurred_at",
            "part_of_day",
            "omrade__name",
            "plats__name",
            "kategori__name",
            "people",
            "description",
            "organ__name",
            "iso_year",
            "iso_week",
        )
    )
    for (
        pk,
        source_id,
        occurred_on,
        occurred_at,
        part_of_day,
        omrade,
        plats,
        kategori,
        people,
        description,
        organ,
        iso_year,
        iso_week,
    ) in reports.iterator(chunk_size=2_000):
        cells = [
            pk,
            source_id,
            occurred_on.isoformat(),
            occurred_at.strftime("%H:%M") if occurred_at else "",
            part_of_day,
            omrade,
            plats or "",
            kategori,
            people,
            description,
            organ,
            f"{iso_year}-W{iso_week:02d}",
        ]
        yield [neutralise_formula(cell) for cell in cells]
