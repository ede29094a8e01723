"""The demo data gives this year's and last year's reports something to show."""

from django.utils import timezone

from lagesbild.demo_rapport import load_demo_arsuppfoljning
from lagesbild.rapport import build_report_data
from samverkan.models import Fokusomrade, Insats, Overenskommelse, Uppfoljning


def _counts(report):
    return next(s for s in report.sections if s.key == "insatser").data.counts


def test_demo_fills_this_and_last_years_report_with_every_kind_of_outcome(demo):
    year = timezone.localdate().year

    this_year = build_report_data(year=year, public=False)
    last_year = build_report_data(year=year - 1, public=False)

    for report in (this_year, last_year):
        counts = _counts(report)
        assert counts.started >= 1
        assert counts.avslutad >= 1
        assert counts.pagaende >= 10
        agreement = next(s for s in report.sections if s.key == "overenskommelse").data
        assert [a.name[-9:] for a in agreement.agreements] == [f"{year - 2}–{year}"]
        assert all(f.insatser for f in agreement.agreements[0].fokusomraden)
    assert _counts(last_year).installd == 1
    assert _counts(this_year).planerad >= 1


def test_demo_data_can_be_loaded_again_without_duplicates(demo):
    counts = (
        Insats.objects.count(),
        Uppfoljning.objects.count(),
        Overenskommelse.objects.count(),
        Fokusomrade.objects.count(),
    )

    load_demo_arsuppfoljning()

    assert (
        Insats.objects.count(),
        Uppfoljning.objects.count(),
        Overenskommelse.objects.count(),
        Fokusomrade.objects.count(),
    ) == counts
