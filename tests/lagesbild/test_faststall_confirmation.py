"""Fastställande: the meeting, its paragraph and diarienummer, and the confirmation asked
when the period has not ended or the evidence is older than two years."""

from datetime import date

import pytest
from django.urls import reverse

from lagesbild.evidence import faststall_warnings
from lagesbild.models import Lagesbild
from tests.factories import SamverkansgruppFactory
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db


def _post(client, lagesbild, **extra):
    return client.post(reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}), extra)


def test_approving_before_the_period_has_ended_asks_for_confirmation(client, analyst, bra):
    lagesbild = make_lagesbild(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    client.force_login(analyst)

    first = _post(client, lagesbild, forum=bra.pk, on="2025-10-01")
    lagesbild.refresh_from_db()
    assert lagesbild.status == Lagesbild.Status.UTKAST
    html = first.content.decode()
    assert "Fastställa ändå?" in html
    assert "Lägesbildens period har inte tagit slut: den pågår till 31 december 2025." in html
    assert "Jag har läst varningarna ovan" in html

    second = _post(
        client,
        lagesbild,
        forum=bra.pk,
        on="2025-10-01",
        confirm="on",
        paragraph="§ 12",
        diarienummer="KS 2025-00077",
    )

    lagesbild.refresh_from_db()
    assert second.status_code == 302
    assert lagesbild.status == Lagesbild.Status.FASTSTALLD
    assert (lagesbild.adopted_paragraph, lagesbild.adopted_diarienummer) == (
        "§ 12",
        "KS 2025-00077",
    )
    detail = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()
    assert "§ 12, KS 2025-00077" in detail


def test_the_first_form_has_no_confirmation_box(client, analyst, bra):
    lagesbild = make_lagesbild()
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}))

    assert "confirm" not in page.context["form"].fields


def test_evidence_older_than_two_years_asks_for_confirmation(area):
    grupp = SamverkansgruppFactory(samverkansomrade=area, name="EST Hulta", kind="est")
    lagesbild = make_lagesbild(
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        est_grupp=grupp,
        est_from=date(2022, 1, 1),
        est_to=date(2022, 6, 30),
    )

    warnings = faststall_warnings(lagesbild, date(2025, 2, 1))

    assert warnings == [
        "Underlaget ”EST-rapporter från EST Hulta” är äldre än två år (till 30 juni 2022)."
    ]
    assert faststall_warnings(lagesbild, date(2027, 1, 15))[0].startswith(
        "Underlaget ”lägesbildens period”"
    )


def test_an_approval_after_the_period_on_fresh_evidence_needs_no_confirmation(client, analyst, bra):
    lagesbild = make_lagesbild(period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    client.force_login(analyst)

    response = _post(client, lagesbild, forum=bra.pk, on="2025-02-20")

    lagesbild.refresh_from_db()
    assert response.status_code == 302
    assert lagesbild.status == Lagesbild.Status.FASTSTALLD
    assert faststall_warnings(lagesbild, date(2024, 2, 29)) != []
