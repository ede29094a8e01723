"""Workflows of the lagesbild app: submitting the annual report to Kommunstyrelsen."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.models import Arsuppfoljning, Arsuppfoljningsversion
from lagesbild.report import ReportData, Submission, build_report_data, checksum_of
from organisation.roles import ANALYTIKER, SAMORDNARE, has_role, is_administrator

# The internal edition shows drafts and internal insatser of every area, so it is for the
# roles that prepare the report for Kommunstyrelsen, not for every official.
REPORT_ROLES = (SAMORDNARE, ANALYTIKER)


def can_read_internal_report(user) -> bool:
    """Coordinators, analysts and administrators read the internal edition."""
    return is_administrator(user) or any(has_role(user, role) for role in REPORT_ROLES)


def can_submit_report(user) -> bool:
    """Whoever may read the internal edition may hand it to Kommunstyrelsen."""
    return can_read_internal_report(user)


@dataclass(frozen=True)
class SubmissionStatus:
    """How the current data compares with the latest submitted version of a year."""

    latest: Arsuppfoljningsversion | None
    current_checksum: str

    @property
    def submitted(self) -> bool:
        return self.latest is not None

    @property
    def matches(self) -> bool:
        return self.latest is not None and self.latest.checksum == self.current_checksum


def submission_status(*, report: ReportData) -> SubmissionStatus:
    if report.public:
        raise ValueError("Only the internal edition is compared with submitted versions.")
    latest = (
        Arsuppfoljningsversion.objects.without_files()
        .filter(arsuppfoljning__year=report.year)
        .select_related("arsuppfoljning")
        .order_by("-number")
        .first()
    )
    return SubmissionStatus(latest=latest, current_checksum=report.checksum())


def submit_report(*, year: int, user, note: str = "") -> Arsuppfoljningsversion:
    """Store the report of a year as it is now: both editions' PDF bytes and the checksum.

    The year's row is locked while the version is made, so two submissions at once get
    consecutive numbers. Submitting data identical to the latest version is refused.
    """
    from lagesbild.pdf import render_report_pdf  # imported here: WeasyPrint is slow to import

    if not can_submit_report(user):
        raise PermissionDenied
    with transaction.atomic():
        report, _created = Arsuppfoljning.objects.get_or_create(year=year)
        report = Arsuppfoljning.objects.select_for_update().get(pk=report.pk)
        latest = report.versions.without_files().order_by("-number").first()
        now = timezone.now()
        internal = build_report_data(year=year, public=False, now=now)
        public = build_report_data(year=year, public=True, now=now)
        data_json = internal.canonical_json()
        checksum = checksum_of(data_json)
        if latest is not None and latest.checksum == checksum:
            raise ValidationError(
                _(
                    "The data has not changed since version %(number)s was submitted; "
                    "there is nothing new to submit."
                )
                % {"number": latest.number},
                code="unchanged",
            )
        number = latest.number + 1 if latest else 1
        name = user.get_full_name() or user.get_username()
        submission = Submission(number=number, submitted_at=now, submitted_by=name, note=note)
        internal.submission = submission
        public.submission = submission
        return Arsuppfoljningsversion.objects.create(
            arsuppfoljning=report,
            number=number,
            submitted_at=now,
            submitted_by=user,
            submitted_by_name=name,
            note=note,
            checksum=checksum,
            data_json=data_json,
            public_checksum=public.checksum(),
            pdf=render_report_pdf(internal),
            public_pdf=render_report_pdf(public),
        )
