"""Key figures per område from a CSV file: police statistics per area, AB Bostäder's damage
reports, the kommun's own counts, safety-survey results.

The file is read and checked whole before anything is written, as the EST import does (and
with its decoding and header rules): one bad row and nothing is saved, every bad row listed
with its number. A row is keyed by indicator, område and year; a key already in the database
is updated when a value differs and left alone when nothing does, so the same file twice
changes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from lagesbild.est_import import (
    MAX_LISTED_ERRORS,
    ImportRefused,
    RowError,
    _records,
    _shown,
    decode,
)
from lagesbild.models import Indikator, Omradesvarde, Trygghetsmatning
from lagesbild.models.indikatorer import VALUE_DECIMALS, VALUE_DIGITS
from organisation import public_cache
from samverkan.models import Omrade

# Column → what it holds; README documents the same list.
COLUMNS = ("indikator", "omrade", "ar", "varde", "kalla", "matning", "svarande", "ki_lag", "ki_hog")
REQUIRED_COLUMNS = ("indikator", "omrade", "ar", "varde", "kalla")
# A year of every indicator for every DeSO of a large kommun is a few thousand rows.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
FIELDS = ("value", "source", "matning_id", "respondents", "ci_low", "ci_high")

__all__ = ["COLUMNS", "MAX_BYTES", "ImportRefused", "ImportResult", "import_omradesvarden"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(created)d values were added, %(updated)d changed, %(unchanged)d unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def error_lines(self) -> list[str]:
        lines = [str(error) for error in self.errors]
        if self.more_errors:
            lines.append(_("… and %(count)d more bad rows.") % {"count": self.more_errors})
        return lines


@dataclass(frozen=True)
class _Lookups:
    indikatorer: dict
    omraden: dict
    matningar: dict

    @classmethod
    def load(cls) -> "_Lookups":
        indikatorer = {i.code.casefold(): i for i in Indikator.objects.all()}
        omraden = {}
        for omrade in Omrade.objects.all():
            for key in (omrade.name, omrade.slug, omrade.regso_code, omrade.deso_code):
                if key:
                    omraden[key.casefold()] = omrade
        matningar = {m.slug.casefold(): m for m in Trygghetsmatning.objects.all()}
        return cls(indikatorer, omraden, matningar)


def _decimal(raw: str) -> Decimal | None:
    """'12,3', '12.3', '1 043' or '-0,5'; None when it is not a number the field can hold."""
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("\u2212", "-")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    exponent = number.as_tuple().exponent
    if -exponent > VALUE_DECIMALS:
        return None
    if abs(number) >= Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS):
        return None
    return number


def _parse_row(values: dict, lookups: _Lookups) -> tuple[dict, list[str]]:
    reasons, fields = [], {}
    raw = values.get("indikator", "")
    indikator = lookups.indikatorer.get(raw.casefold())
    if indikator is None:
        reasons.append(_("the indicator “%(value)s” does not exist") % {"value": _shown(raw)})
    fields["indikator"] = indikator

    raw = values.get("omrade", "")
    omrade = lookups.omraden.get(raw.casefold())
    if omrade is None:
        reasons.append(
            _("the district “%(value)s” is not a district's name, slug, RegSO or DeSO code")
            % {"value": _shown(raw)}
        )
    fields["omrade"] = omrade

    raw = values.get("ar", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if year is None or not 1900 <= year <= 2100:
        reasons.append(
            _("the year “%(value)s” is not a year such as 2025") % {"value": _shown(raw)}
        )
        year = None
    fields["year"] = year

    raw = values.get("varde", "")
    value = _decimal(raw)
    if value is None:
        reasons.append(_("the value “%(value)s” is not a number") % {"value": _shown(raw)})
    elif indikator is not None and indikator.is_yes_no and value not in (0, 1):
        reasons.append(_("the indicator is a yes/no item and takes 1 or 0"))
    fields["value"] = value

    source = values.get("kalla", "")
    if not source:
        reasons.append(_("the source is missing"))
    elif len(source) > 200:
        reasons.append(_("the source is longer than 200 characters"))
    fields["source"] = source

    raw = values.get("matning", "")
    matning = None
    if raw:
        matning = lookups.matningar.get(raw.casefold())
        if matning is None:
            reasons.append(_("the survey “%(value)s” does not exist") % {"value": _shown(raw)})
        elif year is not None and matning.year != year:
            reasons.append(
                _("the survey “%(value)s” is from %(survey_year)d, not %(year)d")
                % {"value": _shown(raw), "survey_year": matning.year, "year": year}
            )
    fields["matning_id"] = matning.pk if matning else None

    raw = values.get("svarande", "")
    respondents = None
    if raw:
        if raw.isascii() and raw.isdigit() and len(raw) <= 9:
            respondents = int(raw)
        else:
            reasons.append(
                _("the number of respondents “%(value)s” is not a whole number")
                % {"value": _shown(raw)}
            )
    fields["respondents"] = respondents

    raw_low, raw_high = values.get("ki_lag", ""), values.get("ki_hog", "")
    low = high = None
    if raw_low or raw_high:
        low, high = _decimal(raw_low), _decimal(raw_high)
        if low is None or high is None:
            reasons.append(_("give both ends of the confidence interval as numbers, or neither"))
            low = high = None
        elif low > high:
            reasons.append(_("the interval's low end is above its high end"))
        elif value is not None and not low <= value <= high:
            reasons.append(_("the value is outside its confidence interval"))
    fields["ci_low"], fields["ci_high"] = low, high
    return fields, reasons


def _check(content: bytes) -> tuple[list[dict], ImportResult]:
    if len(content) > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    text = decode(content)
    lookups = _Lookups.load()
    result = ImportResult()
    parsed: list[dict] = []
    first_row_of: dict[tuple, int] = {}
    for number, values in _records(text, COLUMNS, REQUIRED_COLUMNS, MAX_ROWS):
        if values is None:
            fields, reasons = {}, [_("the row does not have as many cells as the header row")]
        else:
            fields, reasons = _parse_row(values, lookups)
            if fields["indikator"] and fields["omrade"] and fields["year"]:
                key = (fields["indikator"].pk, fields["omrade"].pk, fields["year"])
                if key in first_row_of:
                    reasons.append(
                        _("the same indicator, district and year are also on row %(row)d")
                        % {"row": first_row_of[key]}
                    )
                else:
                    first_row_of[key] = number
        if reasons:
            if len(result.errors) < MAX_LISTED_ERRORS:
                result.errors.append(RowError(number, "; ".join(reasons)))
            else:
                result.more_errors += 1
        else:
            parsed.append(fields)
    if not parsed and not result.errors:
        raise ImportRefused(_("The file has a header row but no values."))
    return parsed, result


def import_omradesvarden(content: bytes, *, user=None) -> ImportResult:
    """Check every row, then add, change or leave each value; all or nothing.

    Raises ImportRefused for a file that cannot be read at all."""
    parsed, result = _check(content)
    if result.errors:
        return result
    existing = {
        (v.indikator_id, v.omrade_id, v.year): v
        for v in Omradesvarde.objects.filter(
            indikator__in={f["indikator"].pk for f in parsed},
            omrade__in={f["omrade"].pk for f in parsed},
            year__in={f["year"] for f in parsed},
        )
    }
    new, changed = [], []
    for fields in parsed:
        key = (fields["indikator"].pk, fields["omrade"].pk, fields["year"])
        current = existing.get(key)
        if current is None:
            new.append(Omradesvarde(**fields))
        elif any(getattr(current, name) != fields[name] for name in FIELDS):
            for name in FIELDS:
                setattr(current, name, fields[name])
            changed.append(current)
        else:
            result.unchanged += 1
    try:
        with transaction.atomic():
            bulk_create_with_history(new, Omradesvarde, batch_size=2_000, default_user=user)
            # bulk_create sends no signals: the public pages showing area values are renewed here.
            public_cache.bump(public_cache.NYCKELTAL)
            for varde in changed:
                varde._history_user = user
                varde.save()
    except IntegrityError:
        raise ImportRefused(
            _("Another import of the same values was saved at the same time. Send the file again.")
        ) from None
    result.created, result.updated = len(new), len(changed)
    return result
