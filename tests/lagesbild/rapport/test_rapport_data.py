"""What the annual report counts for a year, and the checksum that tells whether data changed."""

from datetime import date, datetime

import pytest
from django.utils import timezone, translation

from lagesbild.rapport import Outcome, build_report_data, report_years, year_outcome
from samverkan.models import Insats
from tests.factories import (
    FokusomradeFactory,
    InsatsFactory,
    OverenskommelseFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
)

TODAY = date(2026, 6, 1)


def _insats(status, start=None, end=None, created=date(2024, 1, 10)):
    insats = Insats(status=status, start_date=start, end_date=end)
    insats.created_at = timezone.make_aware(datetime.combine(created, datetime.min.time()))
    insats.updated_at = insats.created_at
    return insats


def _outcome(insats, year, cancelled_on=None):
    return year_outcome(
        insats,
        first=date(year, 1, 1),
        last=date(year, 12, 31),
        today=TODAY,
        cancelled_on=cancelled_on,
    )


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2023, None), (2024, Outcome.NY), (2025, Outcome.PAGAENDE), (2026, Outcome.PAGAENDE)],
)
def test_ongoing_insats_is_new_the_year_it_starts_and_ongoing_after(year, expected):
    insats = _insats(Insats.Status.PAGAENDE, start=date(2024, 3, 1))

    assert _outcome(insats, year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, Outcome.NY), (2025, Outcome.AVSLUTAD), (2026, None)],
)
def test_finished_insats_counts_as_finished_in_the_year_of_its_end_date(year, expected):
    insats = _insats(Insats.Status.AVSLUTAD, start=date(2024, 9, 1), end=date(2025, 4, 30))

    assert _outcome(insats, year) == expected


def test_cancelled_insats_without_end_date_is_cancelled_the_year_it_was_saved_as_cancelled():
    insats = _insats(Insats.Status.INSTALLD, start=date(2023, 2, 1))

    assert _outcome(insats, 2024, cancelled_on=date(2025, 5, 1)) == Outcome.PAGAENDE
    assert _outcome(insats, 2025, cancelled_on=date(2025, 5, 1)) == Outcome.INSTALLD
    assert _outcome(insats, 2026, cancelled_on=date(2025, 5, 1)) is None


def test_planned_insats_belongs_to_the_years_from_its_registration_until_today():
    insats = _insats(Insats.Status.PLANERAD, created=date(2025, 11, 3))

    assert _outcome(insats, 2024) is None
    assert _outcome(insats, 2025) == Outcome.PLANERAD
    assert _outcome(insats, 2026) == Outcome.PLANERAD


def test_years_to_come_have_no_insatser_even_when_some_go_on_without_an_end_date():
    insats = _insats(Insats.Status.PAGAENDE, start=date(2020, 1, 1))

    assert _outcome(insats, 2027) is None
    assert _outcome(insats, 2031) is None


@pytest.mark.django_db
def test_cancellation_day_is_taken_from_the_history_when_the_insats_has_no_end_date():
    this_year = timezone.localdate().year
    insats = InsatsFactory(
        published=True, status=Insats.Status.PAGAENDE, start_date=date(this_year - 3, 1, 1)
    )
    insats.status = Insats.Status.INSTALLD
    insats.save()

    last_year = build_report_data(year=this_year - 1, public=False)
    this = build_report_data(year=this_year, public=False)

    assert [group.outcome for group in _insats_section(last_year).data.areas[0].groups] == [
        Outcome.PAGAENDE
    ]
    assert [group.outcome for group in _insats_section(this).data.areas[0].groups] == [
        Outcome.INSTALLD
    ]


def _insats_section(report):
    return next(section for section in report.sections if section.key == "insatser")


@pytest.mark.django_db
def test_followups_outside_the_year_are_not_part_of_the_years_results():
    insats = InsatsFactory(published=True, start_date=date(2024, 1, 1))
    UppfoljningFactory(insats=insats, date=date(2024, 12, 31), done="Årets sista vandring")
    UppfoljningFactory(insats=insats, date=date(2025, 1, 1), done="Nästa års första vandring")

    report = build_report_data(year=2024, public=False, today=date(2026, 1, 1))

    (row,) = [i for g in _insats_section(report).data.areas[0].groups for i in g.insatser]
    assert [entry.done for entry in row.followups] == ["Årets sista vandring"]


@pytest.mark.django_db
def test_agreement_section_lists_only_agreements_in_force_with_their_insatser():
    current = OverenskommelseFactory(
        name="Överenskommelse som gäller", period_start=date(2024, 1, 1)
    )
    OverenskommelseFactory(
        name="Gammal överenskommelse",
        period_start=date(2018, 1, 1),
        period_end=date(2020, 12, 31),
    )
    fokus = FokusomradeFactory(overenskommelse=current, name="Trygga offentliga miljöer")
    InsatsFactory(title="Belysning i parken", fokusomraden=[fokus], start_date=date(2025, 2, 1))

    report = build_report_data(year=2025, public=False, today=date(2026, 1, 1))

    section = next(s for s in report.sections if s.key == "overenskommelse")
    (agreement,) = section.data.agreements
    assert agreement.name == "Överenskommelse som gäller"
    assert [i.title for i in agreement.fokusomraden[0].insatser] == ["Belysning i parken"]


@pytest.mark.django_db
def test_checksum_stays_when_printed_again_and_changes_when_an_insats_changes():
    insats = InsatsFactory(published=True, start_date=date(2025, 2, 1))
    first = build_report_data(year=2025, public=False, now=timezone.now())
    again = build_report_data(year=2025, public=False, now=timezone.now())

    insats.title = "Nytt namn på insatsen"
    insats.save()
    changed = build_report_data(year=2025, public=False)

    assert first.generated_at != again.generated_at
    assert first.checksum() == again.checksum()
    assert changed.checksum() != first.checksum()
    assert len(first.checksum()) == 64


@pytest.mark.django_db
def test_checksum_does_not_depend_on_the_language_of_the_request():
    InsatsFactory(published=True, start_date=date(2025, 2, 1))

    with translation.override("en"):
        english = build_report_data(year=2025, public=False)
    swedish = build_report_data(year=2025, public=False)

    assert english.checksum() == swedish.checksum()
    assert english.sections[0].title == "Förslag till beslut"


@pytest.mark.django_db
def test_years_with_data_come_from_published_insatser_only_for_the_public():
    this_year = timezone.localdate().year
    area = SamverkansomradeFactory()
    InsatsFactory(
        samverkansomrade=area,
        published=True,
        status=Insats.Status.AVSLUTAD,
        start_date=date(this_year - 3, 5, 1),
        end_date=date(this_year - 2, 6, 1),
    )
    InsatsFactory(samverkansomrade=area, start_date=date(this_year - 6, 5, 1))

    public = report_years(public=True, today=timezone.localdate())
    internal = report_years(public=False, today=timezone.localdate())

    assert public == [this_year - 2, this_year - 3]
    assert internal == list(range(this_year, this_year - 7, -1))
