"""The analyst sets the assessed status of a plan's target and of a promise in the workspace."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Atgard, Lofte, Medborgarloften
from lagesbild.rapport import build_report_data
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    IndikatorFactory,
    InsatsFactory,
    OmradeFactory,
)
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def atgard(area):
    lagesbild = make_lagesbild(
        problems=["Våld i stadskärnan"],
        samverkansomrade=area,
        scope="samverkansomrade",
        faststalld=True,
    )
    plan = AtgardsplanFactory(
        lagesbild=lagesbild, period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31)
    )
    return AtgardFactory(
        atgardsplan=plan,
        problem=lagesbild.problems.get(),
        insats=InsatsFactory(samverkansomrade=area, title="Nattvandring i centrum"),
        indikator=IndikatorFactory(name="Andel otrygga"),
        target=Decimal("20"),
    )


@pytest.fixture
def lofte(db):
    loften = Medborgarloften.objects.create(
        year=YEAR, omrade=OmradeFactory(name="Hulta"), title="Löften för Hulta"
    )
    return Lofte.objects.create(
        medborgarloften=loften, promise="Fler trygghetsvandringar", planned_output="minst 4"
    )


def _atgard_url(atgard):
    return reverse(
        "lagesbild:atgard_status", kwargs={"pk": atgard.atgardsplan_id, "atgard_pk": atgard.pk}
    )


def _lofte_url(lofte):
    return reverse("lagesbild:lofte_status", kwargs={"pk": lofte.pk})


@pytest.mark.parametrize("who", ["analyst", "bra_member", "administrator"])
def test_those_who_edit_plans_set_a_targets_status_with_a_reason(client, request, atgard, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.post(
        _atgard_url(atgard), {"status": "delvis", "status_reason": "Hälften av målet nått."}
    )

    assert response.status_code == 302
    atgard.refresh_from_db()
    assert (atgard.status, atgard.status_reason) == ("delvis", "Hälften av målet nått.")
    assert atgard.status_set_by == user
    assert atgard.status_set_at is not None


def test_a_promises_status_is_set_from_the_workspace_tracker(client, analyst, lofte):
    client.force_login(analyst)
    tracker = client.get(reverse("lagesbild:loften_arbetsyta")).content.decode()
    assert "Fler trygghetsvandringar" in tracker
    assert _lofte_url(lofte) in tracker

    response = client.post(
        _lofte_url(lofte), {"status": "uppfyllt", "status_reason": "Fem vandringar hölls."}
    )

    assert response.status_code == 302
    lofte.refresh_from_db()
    assert (lofte.status, lofte.status_set_by) == ("uppfyllt", analyst)
    tracker = client.get(reverse("lagesbild:loften_arbetsyta")).content.decode()
    assert "Uppfyllt" in tracker and "✔" in tracker


def test_the_form_shows_each_status_as_a_word_and_a_symbol(client, analyst, atgard):
    client.force_login(analyst)

    html = client.get(_atgard_url(atgard)).content.decode()

    for symbol, word in [("✔", "Uppfyllt"), ("◐", "Delvis uppfyllt"), ("✘", "Ej uppfyllt")]:
        assert symbol in html
        assert word.lower() in html.lower()
    assert "kan inte bedömas" in html.lower()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_status_without_a_reason_is_refused_in_swedish_and_nothing_is_saved(
    client, analyst, atgard, reason
):
    client.force_login(analyst)

    response = client.post(_atgard_url(atgard), {"status": "uppfyllt", "status_reason": reason})

    assert response.status_code == 200
    assert "Ange varför statusen sattes." in response.content.decode()
    atgard.refresh_from_db()
    assert (atgard.status, atgard.status_set_by, atgard.status_set_at) == ("", None, None)
    assert atgard.history.count() == 1


def test_a_promise_without_a_reason_keeps_its_earlier_status(client, analyst, lofte):
    lofte.status, lofte.status_reason = "delvis", "Två av fyra vandringar."
    lofte.save()
    client.force_login(analyst)

    response = client.post(_lofte_url(lofte), {"status": "uppfyllt", "status_reason": ""})

    assert "Ange varför statusen sattes." in response.content.decode()
    lofte.refresh_from_db()
    assert (lofte.status, lofte.status_reason) == ("delvis", "Två av fyra vandringar.")


def test_officials_who_read_the_plan_may_not_set_a_status(client, group_member, atgard):
    client.force_login(group_member)
    assert (
        client.get(reverse("lagesbild:atgardsplan", args=[atgard.atgardsplan_id])).status_code
        == 200
    )

    response = client.post(_atgard_url(atgard), {"status": "ej_uppfyllt", "status_reason": "Nej."})

    assert response.status_code == 403
    atgard.refresh_from_db()
    assert atgard.status == ""


def test_a_plan_outside_the_officials_scope_answers_404(client, other_official, atgard):
    client.force_login(other_official)

    assert client.get(_atgard_url(atgard)).status_code == 404


def test_a_promise_is_not_found_by_officials_and_forbidden_to_coordinators(
    client, other_official, coordinator, lofte
):
    client.force_login(other_official)
    assert (
        client.post(_lofte_url(lofte), {"status": "uppfyllt", "status_reason": "x"}).status_code
        == 404
    )
    client.force_login(coordinator)
    assert (
        client.post(_lofte_url(lofte), {"status": "uppfyllt", "status_reason": "x"}).status_code
        == 403
    )
    lofte.refresh_from_db()
    assert lofte.status == ""


def test_a_measure_without_a_target_has_no_status_to_set(client, analyst, atgard):
    Atgard.objects.filter(pk=atgard.pk).update(indikator=None, target=None)
    client.force_login(analyst)

    assert client.get(_atgard_url(atgard)).status_code == 404


def test_the_history_keeps_who_set_which_status_when_and_why(
    client, analyst, administrator, atgard
):
    client.force_login(analyst)
    client.post(_atgard_url(atgard), {"status": "ej_uppfyllt", "status_reason": "Ökade."})
    client.force_login(administrator)
    client.post(_atgard_url(atgard), {"status": "delvis", "status_reason": "Ny mätning."})

    saved = [
        (h.status, h.status_reason, h.history_user, h.status_set_by_id)
        for h in atgard.history.order_by("history_date")
    ][1:]

    assert saved == [
        ("ej_uppfyllt", "Ökade.", analyst, analyst.pk),
        ("delvis", "Ny mätning.", administrator, administrator.pk),
    ]
    html = client.get(_atgard_url(atgard)).content.decode()
    assert "Ökade." in html and "Ny mätning." in html


def test_a_published_promises_reason_passes_the_personnummer_guard(client, analyst, lofte):
    Medborgarloften.objects.filter(pk=lofte.medborgarloften_id).update(published_at=timezone.now())
    client.force_login(analyst)

    response = client.post(
        _lofte_url(lofte), {"status": "uppfyllt", "status_reason": "Enligt 19811218-9876."}
    )

    assert response.status_code == 200
    lofte.refresh_from_db()
    assert lofte.status == ""


def test_the_report_shows_the_status_set_in_the_workspace(client, analyst, atgard, lofte):
    client.force_login(analyst)
    client.post(_atgard_url(atgard), {"status": "ej_uppfyllt", "status_reason": "Ökade i år."})
    client.post(
        _lofte_url(lofte), {"status": "kan_inte_bedomas", "status_reason": "Ingen mätning."}
    )

    data = next(
        s.data
        for s in build_report_data(year=YEAR, public=False).sections
        if s.key == "maluppfyllelse"
    )

    target = next(row for row in data.targets if row.problem == "Våld i stadskärnan")
    assert (target.status.symbol, target.status.word, target.status.reason) == (
        "✘",
        "Ej uppfyllt",
        "Ökade i år.",
    )
    promise = next(row for row in data.promises if row.promise == "Fler trygghetsvandringar")
    assert (promise.status.symbol, promise.status.word) == ("?", "Kan inte bedömas")
