"""Published EST counts below EST_PUBLIC_MIN_COUNT are printed only as "färre än N"."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import EstKvartalsbeslut, Handelsekategori, Handelserapport
from lagesbild.omradesfigurer import public_est_count_text
from tests.factories import (
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def planted(db):
    grupp = SamverkansgruppFactory(
        samverkansomrade=SamverkansomradeFactory(), kind="est", is_public=False
    )
    omrade = OmradeFactory(name="Hulta", slug="hulta")
    grupp.omraden.add(omrade)
    organ, reporter = OrganFactory(), UserFactory()
    klotter = Handelsekategori.objects.get(slug="klotter")
    skadegorelse = Handelsekategori.objects.get(slug="skadegorelse")
    # Q1 last year: three klotter (a small count) and seven skadegörelse.
    for kategori, count in ((klotter, 3), (skadegorelse, 7)):
        for day in range(1, count + 1):
            Handelserapport.objects.create(
                grupp=grupp,
                omrade=omrade,
                occurred_on=date(LAST_YEAR, 2, day),
                kategori=kategori,
                organ=organ,
                reporter=reporter,
                description="HEMLIGRAPPORT",
            )
    EstKvartalsbeslut.objects.create(grupp=grupp, year=LAST_YEAR, quarter=1, decided_by=reporter)
    return {"klotter": klotter, "skadegorelse": skadegorelse}


def _page(client):
    return client.get(reverse("samverkan:omrade", kwargs={"slug": "hulta"})).content.decode()


def test_a_count_below_the_threshold_is_shown_as_fewer_than_and_a_larger_one_as_a_number(
    planted, client
):
    page = _page(client)

    assert f'<td>{planted["klotter"].name}</td><td class="text-end">färre än 5</td>' in page
    assert f'<td>{planted["skadegorelse"].name}</td><td class="text-end">7</td>' in page
    assert '<td class="text-end">3</td>' not in page
    assert "HEMLIGRAPPORT" not in page


def test_the_threshold_is_a_setting(planted, client, settings):
    settings.EST_PUBLIC_MIN_COUNT = 10

    page = _page(client)

    assert f'<td>{planted["skadegorelse"].name}</td><td class="text-end">färre än 10</td>' in page
    assert '<td class="text-end">7</td>' not in page


def test_zero_and_the_threshold_itself_are_printed_as_numbers(settings):
    settings.EST_PUBLIC_MIN_COUNT = 5

    assert [public_est_count_text(n) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "färre än 5",
        "färre än 5",
        "5",
        "12",
    ]
