"""The åtgärdsplan as a decision: measures with effect indicators, baselines and targets."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lagesbild.followup import for_internal_report, plan_problems
from lagesbild.forms import insatser_for_plans
from lagesbild.models import Atgard, Atgardsplan, Lagesbild
from samverkan.models import Insats
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
)
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(area):
    lagesbild = make_lagesbild(
        problems=["Våld i stadskärnan", "Inbrott i förråd"],
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        faststalld=True,
    )
    return AtgardsplanFactory(
        title="Åtgärdsplan 2025",
        lagesbild=lagesbild,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )


@pytest.fixture
def otrygghet():
    indikator = IndikatorFactory(
        code="TRYGG-UTE", name="Andel som känner sig otrygga ute", unit="%", lower_is_better=True
    )
    IndikatorvardeFactory(indikator=indikator, year=2023, value=Decimal("31"))
    IndikatorvardeFactory(indikator=indikator, year=2024, value=Decimal("27"))
    return indikator


def _measure(plan, insats, **kwargs):
    return AtgardFactory(
        atgardsplan=plan, problem=plan.lagesbild.problems.get(priority=1), insats=insats, **kwargs
    )


def test_the_follow_up_shows_the_indicator_against_its_target(
    client, analyst, plan, area, grupp, otrygghet
):
    walks = InsatsFactory(
        samverkansomrade=area, grupp=grupp, title="Trygghetsvandringar", published=True
    )
    cameras = InsatsFactory(samverkansomrade=area, grupp=grupp, title="Belysning", published=True)
    _measure(plan, walks, indikator=otrygghet, baseline=Decimal("31"), target=Decimal("25"))
    _measure(plan, cameras, indikator=otrygghet, baseline=Decimal("31"), target=Decimal("28"))
    client.force_login(analyst)

    html = client.get(
        reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk})
    ).content.decode()

    walk_row = html[html.index(">Trygghetsvandringar<") :]
    walk_row = walk_row[: walk_row.index("</tr>")]
    light_row = html[html.index(">Belysning<") :]
    light_row = light_row[: light_row.index("</tr>")]
    assert "Andel som känner sig otrygga ute" in walk_row
    assert "Utgångsläge 31,0, mål 25,0 %" in walk_row
    assert "Senaste värde (2024): 27,0" in walk_row
    assert "Målet är inte nått ännu" in walk_row
    assert "Målet är nått" in light_row


def test_a_higher_is_better_indicator_without_direction_follows_its_target(plan, area, grupp):
    indikator = IndikatorFactory(code="DELTAGARE", lower_is_better=None)
    IndikatorvardeFactory(indikator=indikator, year=2024, value=Decimal("40"))
    _measure(
        plan,
        InsatsFactory(samverkansomrade=area, grupp=grupp, published=True),
        indikator=indikator,
        baseline=Decimal("20"),
        target=Decimal("35"),
    )

    [entry] = plan_problems(plan=plan, **for_internal_report())[0].insatser

    assert entry.indicator.lower_is_better is False
    assert entry.indicator.reached is True


def test_an_indicator_without_values_says_so_and_an_area_waits_for_area_values(
    client, analyst, plan, area, grupp
):
    omrade = OmradeFactory(name="Hulta")
    empty = IndikatorFactory(code="TOM", name="Ännu inte mätt")
    _measure(
        plan,
        InsatsFactory(samverkansomrade=area, grupp=grupp, published=True),
        indikator=empty,
        indikator_omrade=omrade,
        target=Decimal("10"),
    )
    client.force_login(analyst)

    html = client.get(
        reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk})
    ).content.decode()

    assert "Ännu inte mätt (Hulta)" in html and "Inget värde ännu." in html


def test_an_indicator_needs_a_target_and_a_target_needs_an_indicator(plan, area, grupp):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp, published=True)
    problem = plan.lagesbild.problems.first()
    without_target = Atgard(
        atgardsplan=plan,
        problem=problem,
        insats=insats,
        expected_effect="Färre otrygga.",
        owner=OrganFactory(),
        indikator=IndikatorFactory(),
    )
    without_indicator = Atgard(
        atgardsplan=plan,
        problem=problem,
        insats=insats,
        expected_effect="Färre otrygga.",
        owner=OrganFactory(),
        target=Decimal("3"),
        baseline_year=2024,
        target_year=2023,
    )

    with pytest.raises(ValidationError) as first:
        without_target.full_clean()
    with pytest.raises(ValidationError) as second:
        without_indicator.full_clean()

    assert first.value.message_dict["target"] == ["Ange målvärdet som indikatorn ska nå."]
    assert set(second.value.message_dict) == {"indikator", "target_year"}


def test_only_active_non_draft_insatser_of_the_period_are_offered_by_area(
    client, analyst, plan, area, grupp
):
    other_area = SamverkansomradeFactory(name="Trygga miljöer", slug="trygga-miljoer-test")
    other_group = SamverkansgruppFactory(samverkansomrade=other_area)
    mine = {"samverkansomrade": area, "grupp": grupp}
    ongoing = InsatsFactory(**mine, title="Pågående", published=True)
    elsewhere = InsatsFactory(
        samverkansomrade=other_area, grupp=other_group, title="Annat område", published=True
    )
    later = InsatsFactory(
        **mine,
        title="Senare",
        published=True,
        status=Insats.Status.PLANERAD,
        start_date=date(2026, 3, 1),
    )
    ended = InsatsFactory(
        **mine,
        title="Slutade 2024",
        published=True,
        status=Insats.Status.AVSLUTAD,
        start_date=date(2023, 1, 1),
        end_date=date(2024, 6, 30),
    )
    draft = InsatsFactory(**mine, title="Utkastet")
    archived = InsatsFactory(**mine, title="Arkiverad", published=True, archived=True)
    cancelled = InsatsFactory(
        **mine, title="Inställd", published=True, status=Insats.Status.INSTALLD
    )
    client.force_login(analyst)

    response = client.get(reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}))

    offered = set(insatser_for_plans(analyst, plan))
    assert offered == {ongoing, elsewhere}
    assert not offered & {later, ended, draft, archived, cancelled}
    choices = response.context["formset"].forms[0].fields["insats"].choices
    groups = {label: [title for _pk, title in options] for label, options in choices[1:]}
    assert groups == {"Lokal samverkan i test": ["Pågående"], "Trygga miljöer": ["Annat område"]}
    html = response.content.decode()
    assert '<optgroup label="Trygga miljöer">' in html and "Utkastet" not in html


def test_a_draft_insats_posted_by_hand_is_refused(client, analyst, plan, area, grupp):
    draft = InsatsFactory(samverkansomrade=area, grupp=grupp, title="Utkastet")
    client.force_login(analyst)
    data = {
        "title": plan.title,
        "lagesbild": plan.lagesbild_id,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "status": "utkast",
        "atgard-TOTAL_FORMS": "1",
        "atgard-INITIAL_FORMS": "0",
        "atgard-0-problem": plan.lagesbild.problems.first().pk,
        "atgard-0-insats": draft.pk,
        "atgard-0-expected_effect": "Något.",
        "atgard-0-time_horizon": "kort",
        "atgard-0-owner": OrganFactory().pk,
    }

    response = client.post(reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}), data)

    assert response.status_code == 200
    assert not plan.atgarder.exists()


def test_a_new_plan_takes_its_period_from_the_lagesbild_and_records_the_decision(
    client, analyst, plan
):
    organ = OrganFactory(name="Kommunstyrelsen")
    client.force_login(analyst)
    lagesbild = plan.lagesbild

    page = client.get(reverse("lagesbild:atgardsplan_create"), {"lagesbild": lagesbild.pk})
    client.post(
        reverse("lagesbild:atgardsplan_create"),
        {
            "title": "Åtgärdsplan med beslut",
            "lagesbild": lagesbild.pk,
            "period_start": "",
            "period_end": "",
            "status": "antagen",
            "adopted_by": organ.pk,
            "adopted_on": "2025-03-01",
            "adopted_diarienummer": "KS 2025-00123",
            "adopted_paragraph": "§ 45",
        },
    )

    form = page.context["form"]
    assert (form["period_start"].value(), form["period_end"].value()) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    created = Atgardsplan.objects.get(title="Åtgärdsplan med beslut")
    assert (created.period_start, created.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (created.adopted_diarienummer, created.adopted_paragraph) == ("KS 2025-00123", "§ 45")
    detail = client.get(reverse("lagesbild:atgardsplan", kwargs={"pk": created.pk}))
    assert "KS 2025-00123, § 45" in detail.content.decode()
