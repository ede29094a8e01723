"""An EST group may prioritise per tertial instead of per quarter (a choice per group)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from lagesbild.models import EstPeriodval, EstPrioritering
from tests.lagesbild.est.picture_data import hulta


@pytest.fixture
def est(db):
    est = hulta()
    EstPeriodval.objects.create(grupp=est.grupp, period_kind="tertial")
    return est


def _prioritise(client, est, number):
    return client.post(
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug}),
        {"year": 2026, "quarter": number, "omrade": est.omrade.pk, "reason": "Sommarens fokus"},
    )


def test_a_tertial_group_prioritises_a_tertial_and_the_weeks_in_it_show_it(client, est):
    client.force_login(est.member)

    response = _prioritise(client, est, 2)
    listing = client.get(reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug}))
    url = reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug})
    # Week 35 of 2026 (Thursday 27 August) is in the second tertial; week 37 is in the third.
    inside = client.get(url, {"vecka": "2026-W35"}).content.decode()
    outside = client.get(url, {"vecka": "2026-W37"}).content.decode()

    assert response.status_code == 302
    priority = EstPrioritering.objects.get()
    assert (priority.period_kind, priority.quarter) == ("tertial", 2)
    assert "Tertial 2 2026" in listing.content.decode()
    assert "Prioriterat tertial 2 2026" in inside
    assert "Sommarens fokus" not in outside


def test_a_tertial_group_cannot_choose_a_fourth_period(client, est):
    client.force_login(est.member)

    response = _prioritise(client, est, 4)

    assert response.status_code == 200
    assert not EstPrioritering.objects.exists()


def test_the_database_refuses_a_fourth_tertial(est):
    with pytest.raises(IntegrityError), transaction.atomic():
        EstPrioritering.objects.create(
            grupp=est.grupp,
            period_kind="tertial",
            year=2026,
            quarter=4,
            omrade=est.omrade,
            reason="x",
        )


def test_a_group_without_a_choice_prioritises_per_quarter(client, est):
    EstPeriodval.objects.all().delete()
    client.force_login(est.member)

    _prioritise(client, est, 4)

    assert EstPrioritering.objects.get().period_kind == "kvartal"
