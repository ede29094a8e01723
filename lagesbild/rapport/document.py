"""The annual follow-up report (årsuppföljning) to Kommunstyrelsen as a whole.

The report is the registered sections of its edition (``lagesbild.rapport.registry``), in
their order. Because each section's data is plain it serialises to canonical JSON; its
SHA-256 is the checksum that tells whether the current data still matches a version
submitted to Kommunstyrelsen.
"""

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lagesbild.models.rapport import (
    REPORT_YEAR_MIN,
    REPORT_YEARS_AHEAD,
    Arsbedomning,
    Arsuppfoljningsversion,
)
from lagesbild.rapport.context import ReportContext
from lagesbild.rapport.registry import Section, build_section, sections_for
from organisation.models import Kommun
from samverkan.models import Insats, Uppfoljning


def year_is_reportable(year: int, *, today: date) -> bool:
    return REPORT_YEAR_MIN <= year <= today.year + REPORT_YEARS_AHEAD


@dataclass
class Submission:
    """Printed on the cover of a submitted version; not part of the checksum."""

    number: int
    submitted_at: datetime
    submitted_by: str
    note: str = ""


@dataclass
class Letter:
    """The tjänsteskrivelse's head on the cover: who writes, under which diarienummer."""

    diarienummer: str = ""
    author_role: str = ""
    contact: str = ""
    # A static file named in the structure file (``[kommun] logo``).
    logo: str = ""


@dataclass
class ReportData:
    year: int
    public: bool
    title: str
    kommun: str
    programme: str
    sections: list[Section]
    # When and as what the document was printed say nothing about the data: they are left
    # out of the checksum.
    generated_at: datetime
    submission: Submission | None = None
    letter: Letter = dataclasses.field(default_factory=Letter)

    def canonical_json(self) -> str:
        content = {
            "year": self.year,
            "public": self.public,
            "kommun": self.kommun,
            "programme": self.programme,
            "letter": dataclasses.asdict(self.letter),
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "data": _plain(section.data),
                }
                for section in self.sections
            ],
        }
        return json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_encode
        )

    def checksum(self) -> str:
        return checksum_of(self.canonical_json())


def checksum_of(canonical_json: str) -> str:
    return hashlib.sha256(canonical_json.encode("utf-8")).hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _encode(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not plain report data")


def build_report_data(
    *, year: int, public: bool, today: date | None = None, now: datetime | None = None
) -> ReportData:
    """The whole report for a year, in Swedish whatever language the request uses."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    context = ReportContext(year=year, public=public, today=today)
    kommun = Kommun.objects.first()
    with translation.override("sv"):
        sections = [build_section(spec, context) for spec in sections_for(public=public)]
        return ReportData(
            year=year,
            public=public,
            title=_("Annual follow-up %(year)s") % {"year": year},
            kommun=kommun.name if kommun else "",
            programme=kommun.programme_name if kommun else "Säker och trygg kommun",
            sections=sections,
            generated_at=now,
            letter=_letter(year, kommun),
        )


def _letter(year: int, kommun) -> Letter:
    text = Arsbedomning.objects.filter(year=year).first()
    return Letter(
        diarienummer=text.diarienummer if text else "",
        author_role=text.author_role if text else "",
        contact=text.contact if text else (kommun.contact_email if kommun else ""),
        logo=kommun.logo if kommun else "",
    )


# ---------------------------------------------------------------------------
# Years


def report_years(*, public: bool, today: date) -> list[int]:
    """Years, newest first, that have insatser, follow-ups or a submitted version."""
    years: set[int] = set()
    insatser = Insats.objects.published() if public else Insats.objects.active()
    for status, start, end, created in insatser.values_list(
        "status", "start_date", "end_date", "created_at"
    ):
        if status == Insats.Status.PLANERAD or start is None:
            first_year = timezone.localdate(created).year
            last_year = today.year
        else:
            first_year = start.year
            last_year = min(end, today).year if end else today.year
        years.update(range(first_year, last_year + 1))
    followups = Uppfoljning.objects.published() if public else Uppfoljning.objects.all()
    years.update(d.year for d in followups.dates("date", "year"))
    if not public:
        years.update(Arsuppfoljningsversion.objects.values_list("arsuppfoljning__year", flat=True))
    return sorted((year for year in years if REPORT_YEAR_MIN <= year <= today.year), reverse=True)
