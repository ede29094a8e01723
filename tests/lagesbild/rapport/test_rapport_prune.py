"""Old prints of the live report do not pile up; submitted versions are never removed."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lagesbild.models import Arsuppfoljningsversion, Rapportutskrift
from lagesbild.tasks import print_report, prune_prints
from tests.factories import ArsuppfoljningsversionFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def _print(
    checksum, *, public=False, status=Rapportutskrift.Status.DONE, age=timedelta(0), year=YEAR
):
    when = timezone.now() - age
    return Rapportutskrift.objects.create(
        year=year,
        public=public,
        checksum=checksum * 64,
        status=status,
        requested_at=when,
        finished_at=when if status == Rapportutskrift.Status.DONE else None,
        pdf=b"%PDF-1.7 gammal" if status == Rapportutskrift.Status.DONE else None,
    )


def test_a_new_print_replaces_the_previous_print_of_its_year_and_edition():
    old = _print("a", age=timedelta(hours=2))
    other_edition = _print("b", public=True, age=timedelta(hours=2))
    other_year = _print("c", year=YEAR - 1, age=timedelta(hours=2))
    queued = Rapportutskrift.objects.create(year=YEAR, public=False, checksum="d" * 64)

    print_report.call(queued.pk)

    remaining = set(Rapportutskrift.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {other_edition.pk, other_year.pk} <= remaining
    current = Rapportutskrift.objects.get(year=YEAR, public=False)
    assert current.status == Rapportutskrift.Status.DONE
    assert bytes(current.pdf).startswith(b"%PDF")


def test_pruning_keeps_the_newest_print_and_removes_superseded_failed_and_lost_ones():
    newest = _print("a", age=timedelta(minutes=5))
    superseded = _print("b", age=timedelta(days=3))
    failed = _print("c", status=Rapportutskrift.Status.FAILED, age=timedelta(days=2))
    lost = _print("d", status=Rapportutskrift.Status.RUNNING, age=timedelta(days=2))
    waiting = _print("e", status=Rapportutskrift.Status.QUEUED, age=timedelta(minutes=1))

    summary = prune_prints()

    assert set(Rapportutskrift.objects.values_list("pk", flat=True)) == {newest.pk, waiting.pk}
    assert summary == {"superseded": 1, "failed_or_lost": 2}
    assert not Rapportutskrift.objects.filter(pk__in=[superseded.pk, failed.pk, lost.pk]).exists()


def test_the_nightly_command_never_removes_a_submitted_version(capsys):
    version = ArsuppfoljningsversionFactory(arsuppfoljning__year=YEAR)
    _print("a", age=timedelta(days=3))
    _print("b", age=timedelta(days=1))

    call_command("prune_report_prints")

    assert Arsuppfoljningsversion.objects.filter(pk=version.pk).exists()
    assert Rapportutskrift.objects.count() == 1
    assert "Ersatta utskrifter borttagna: 1" in capsys.readouterr().out
