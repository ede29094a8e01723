"""A formset posted with thousands of forms is a form error, not thousands of rendered forms."""

import re

import pytest
from django.urls import reverse

from organisation.models import Mote

TOO_MANY = "2001"


def _management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_meeting_form_with_2001_agenda_items_answers_with_an_error_and_writes_nothing(
    client, world, row_counts
):
    client.force_login(world["official"])
    data = {
        "kind": "halvdag",
        "title": "Möte med för många punkter",
        "starts_at": "2026-03-01T09:00",
        "ends_at": "2026-03-01T12:00",
        "place": "Stadshuset",
        "status": "planerat",
        "is_public": "on",
        **_management("agenda_items", TOO_MANY),
    }
    row_counts.snapshot()
    response = client.post(
        reverse("organisation:mote_create", kwargs={"slug": world["forum"].slug}), data
    )
    assert response.status_code == 200
    assert "Skicka in högst 50 dagordningspunkter." in response.content.decode()
    rendered_items = re.findall(r'name="agenda_items-\d+-heading"', response.content.decode())
    assert len(rendered_items) <= 60
    assert not Mote.objects.filter(title="Möte med för många punkter").exists()
    row_counts.assert_unchanged()


def test_minutes_form_with_2001_decisions_answers_with_an_error_and_writes_nothing(
    client, world, row_counts
):
    client.force_login(world["official"])
    mote = world["mote"]
    data = {"minutes": "Nya anteckningar", **_management("beslut", TOO_MANY)}
    data["beslut-INITIAL_FORMS"] = "0"
    row_counts.snapshot()
    response = client.post(reverse("organisation:mote_minutes", kwargs={"pk": mote.pk}), data)
    assert response.status_code == 200
    assert "Skicka in högst 50 beslut." in response.content.decode()
    mote.refresh_from_db()
    assert mote.minutes != "Nya anteckningar"
    row_counts.assert_unchanged()


def test_lagesbild_form_with_2001_problems_answers_with_an_error_and_writes_nothing(
    client, world, row_counts
):
    client.force_login(world["official"])
    data = {
        "title": "Lägesbild med för många problem",
        "scope": "kommun",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        **_management("problem", TOO_MANY),
    }
    row_counts.snapshot()
    response = client.post(reverse("lagesbild:create"), data)
    assert response.status_code == 200
    assert "Skicka in högst 100 problem." in response.content.decode()
    row_counts.assert_unchanged()


def test_action_plan_form_with_2001_measures_answers_with_an_error_and_writes_nothing(
    client, world, row_counts
):
    client.force_login(world["official"])
    plan = world["plan"]
    data = {
        "title": plan.title,
        "lagesbild": plan.lagesbild_id,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        **_management("atgard", TOO_MANY),
    }
    row_counts.snapshot()
    response = client.post(reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}), data)
    assert response.status_code == 200
    assert "Skicka in högst 200 åtgärder." in response.content.decode()
    row_counts.assert_unchanged()


@pytest.mark.parametrize("total", ["51", "60"])
def test_a_few_agenda_items_over_the_limit_are_refused_too(client, world, row_counts, total):
    client.force_login(world["official"])
    data = {
        "kind": "halvdag",
        "starts_at": "2026-03-01T09:00",
        "ends_at": "2026-03-01T12:00",
        "status": "planerat",
        **_management("agenda_items", total),
    }
    for index in range(int(total)):
        data[f"agenda_items-{index}-order"] = str(index + 1)
        data[f"agenda_items-{index}-heading"] = f"Punkt {index + 1}"
    row_counts.snapshot()
    response = client.post(
        reverse("organisation:mote_create", kwargs={"slug": world["forum"].slug}), data
    )
    assert response.status_code == 200
    assert "Skicka in högst 50 dagordningspunkter." in response.content.decode()
    row_counts.assert_unchanged()
