"""The range every date and time in the portal lies in, for forms, admin and the database.

PostgreSQL stores a year-1 time in Europe/Stockholm (offset +01:12 local mean time) as a year
before Christ in UTC, which psycopg2 cannot read back ("year -1 is out of range"): the whole
query fails, so no template filter can save the page. The range therefore has to hold before
the row is written, in the form (the field validator) and in the database (a CHECK
constraint that no import, admin action or raw update can get past).
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100

# The constraint is a day wider than the validator on each side, so that a local time the
# validator accepts (its year as the user wrote it) passes in UTC in any time zone.
DATE_LOW, DATE_HIGH = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
DATETIME_LOW = datetime(FIRST_YEAR - 1, 12, 31, tzinfo=UTC)
DATETIME_HIGH = datetime(LAST_YEAR + 1, 1, 2, tzinfo=UTC)


@deconstructible
class DateRangeValidator:
    """The date or time lies in the years FIRST_YEAR to LAST_YEAR, as the user wrote it."""

    message = _("Enter a date between the years %(first)d and %(last)d.")
    code = "date_out_of_range"

    def __call__(self, value):
        if value is None:
            return
        # The year of the value in its own time zone: converting year 1 or 9999 to another
        # zone would overflow, and the user wrote the year in the local zone anyway.
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                self.message, code=self.code, params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator)

    def __hash__(self):
        return hash(DateRangeValidator)


validate_date_range = DateRangeValidator()


def date_range_constraint(field: str, *, name: str, is_datetime: bool) -> models.CheckConstraint:
    """A CHECK that `field` is in the range; NULL passes, as CHECK constraints let it."""
    low, high = (DATETIME_LOW, DATETIME_HIGH) if is_datetime else (DATE_LOW, DATE_HIGH)
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}), name=name
    )


def date_range_constraints(prefix: str, **fields: str) -> list[models.CheckConstraint]:
    """One range constraint per field; fields map a name to "date" or "datetime"."""
    return [
        date_range_constraint(
            field, name=f"{prefix}_{field}_in_range", is_datetime=kind == "datetime"
        )
        for field, kind in fields.items()
    ]
