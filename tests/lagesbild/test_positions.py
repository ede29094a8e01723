"""The kommun's position on each prioritised problem, and what counts as unanswered."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lagesbild.followup import for_internal_report, plan_problems
from lagesbild.models import Lagesbild, Problem, Stallningstagande
from lagesbild.services import copy_as_new_version
from tests.factories import AtgardFactory, AtgardsplanFactory, InsatsFactory, OrganFactory, approve
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db

PROBLEMS = ["Våld i stadskärnan", "Inbrott i förråd", "Nedskräpning vid torget", "Buskörning"]


@pytest.fixture
def lagesbild(area):
    return make_lagesbild(
        problems=PROBLEMS,
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        faststalld=True,
    )


def _problem(lagesbild, priority):
    return lagesbild.problems.get(priority=priority)


def _form_data(lagesbild, positions):
    data = {}
    for problem in lagesbild.problems.all():
        prefix = f"problem-{problem.pk}"
        values = positions.get(problem.priority, {})
        data[f"{prefix}-kind"] = values.get("kind", "")
        data[f"{prefix}-reason"] = values.get("reason", "")
        data[f"{prefix}-other_actor"] = values.get("other_actor", "")
        data[f"{prefix}-other_actor_name"] = values.get("other_actor_name", "")
        data[f"{prefix}-decided_on"] = values.get("decided_on", "")
    return data


def test_analyst_records_each_kind_of_position_and_only_the_rest_is_unanswered(
    client, analyst, lagesbild
):
    trafikverket = OrganFactory(name="Trafikverket Region Väst")
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}),
        _form_data(
            lagesbild,
            {
                1: {"kind": "insatser"},
                2: {"kind": "ingen_ny_atgard", "reason": "Fastighetsägarens lås räcker."},
                3: {"kind": "annan_aktor", "other_actor": trafikverket.pk},
            },
        ),
        follow=True,
    )

    html = response.content.decode()
    assert "Ställningstagandena sparades." in html
    kinds = dict(
        Stallningstagande.objects.filter(problem__lagesbild=lagesbild).values_list(
            "problem__priority", "kind"
        )
    )
    assert kinds == {1: "insatser", 2: "ingen_ny_atgard", 3: "annan_aktor"}
    assert list(Problem.objects.unanswered().values_list("title", flat=True)) == ["Buskörning"]
    assert "4. Buskörning – Inget ställningstagande – problemet är obesvarat" in html
    assert "Trafikverket Region Väst" in html and "Fastighetsägarens lås räcker." in html
    assert "1. Våld i stadskärnan – Inget ställningstagande" not in html


def test_no_new_measure_needs_a_reason_and_another_actor_needs_a_name(client, analyst, lagesbild):
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}),
        _form_data(lagesbild, {1: {"kind": "ingen_ny_atgard"}, 2: {"kind": "annan_aktor"}}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange varför ingen ny åtgärd behövs." in html
    assert "Ange vilken aktör som hanterar problemet." in html
    assert not Stallningstagande.objects.exists()


def test_another_actor_can_be_named_in_words(lagesbild):
    position = Stallningstagande(
        problem=_problem(lagesbild, 1), kind="annan_aktor", other_actor_name="Trafikverket"
    )

    position.full_clean()
    position.save()

    assert position.actor_label == "Trafikverket"


def test_the_database_refuses_a_position_without_its_reason():
    lagesbild = make_lagesbild(faststalld=True)
    with pytest.raises(Exception, match="stallningstagande_no_measure_has_reason"):
        Stallningstagande.objects.create(problem=lagesbild.problems.first(), kind="ingen_ny_atgard")


def test_a_draft_lagesbild_takes_no_positions(client, analyst, area_draft):
    client.force_login(analyst)
    position = Stallningstagande(problem=area_draft.problems.first(), kind="insatser")

    response = client.get(reverse("lagesbild:positions", kwargs={"pk": area_draft.pk}))

    assert response.status_code == 409
    assert "Fastställ den först." in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        position.full_clean()
    assert "problem" in exc.value.message_dict


def test_a_measure_in_a_plan_is_the_position_interventions_planned(lagesbild, area, grupp):
    plan = AtgardsplanFactory(lagesbild=lagesbild)
    AtgardFactory(
        atgardsplan=plan,
        problem=_problem(lagesbild, 1),
        insats=InsatsFactory(samverkansomrade=area, grupp=grupp),
    )

    rows = plan_problems(plan=plan, **for_internal_report())

    assert [row.problem.priority for row in rows if row.unanswered] == [2, 3, 4]
    assert set(Problem.objects.unanswered().values_list("priority", flat=True)) == {2, 3, 4}


def test_saying_interventions_are_planned_without_a_measure_is_pointed_out(
    client, analyst, lagesbild
):
    plan = AtgardsplanFactory(lagesbild=lagesbild)
    Stallningstagande.objects.create(problem=_problem(lagesbild, 1), kind="insatser")
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:atgardsplan", kwargs={"pk": plan.pk})).content.decode()

    assert "Insatser sägs vara planerade, men den här planen kopplar ingen till problemet." in html
    assert "1. Våld i stadskärnan – Inget ställningstagande" not in html


def test_a_problem_with_a_measure_keeps_the_position_interventions_planned(
    client, analyst, lagesbild, area, grupp
):
    AtgardFactory(
        atgardsplan=AtgardsplanFactory(lagesbild=lagesbild),
        problem=_problem(lagesbild, 1),
        insats=InsatsFactory(samverkansomrade=area, grupp=grupp),
    )
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}))
    response = client.post(
        reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}),
        _form_data(lagesbild, {1: {"kind": "annan_aktor", "other_actor_name": "Polisen"}}),
    )

    first = page.context["rows"][0][1]
    assert first["kind"].value() == "insatser"
    assert "ta bort dem ur planen innan du väljer ett annat ställningstagande" in (
        response.content.decode()
    )
    assert not Stallningstagande.objects.exists()


def test_emptying_a_position_makes_the_problem_unanswered_again(client, analyst, lagesbild):
    Stallningstagande.objects.create(
        problem=_problem(lagesbild, 2), kind="annan_aktor", other_actor_name="Polisen"
    )
    client.force_login(analyst)

    client.post(
        reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}), _form_data(lagesbild, {})
    )

    assert not Stallningstagande.objects.exists()
    assert Problem.objects.unanswered().count() == 4


def test_unanswered_counts_only_the_current_faststalld_version(lagesbild):
    successor = copy_as_new_version(lagesbild=lagesbild)
    assert Problem.objects.unanswered().filter(lagesbild=lagesbild).count() == 4
    assert not Problem.objects.unanswered().filter(lagesbild=successor).exists()

    approve(successor)

    assert set(Problem.objects.unanswered().values_list("lagesbild", flat=True)) == {successor.pk}


def test_officials_who_read_the_lagesbild_see_positions_but_cannot_record_them(
    client, group_member, lagesbild
):
    Stallningstagande.objects.create(
        problem=_problem(lagesbild, 2), kind="ingen_ny_atgard", reason="Redan åtgärdat."
    )
    client.force_login(group_member)

    detail = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk}))
    form = client.get(reverse("lagesbild:positions", kwargs={"pk": lagesbild.pk}))

    assert "Redan åtgärdat." in detail.content.decode()
    assert form.status_code == 403


def test_a_plan_lists_its_unanswered_problems_by_position(client, analyst, lagesbild):
    AtgardsplanFactory(lagesbild=lagesbild)
    Stallningstagande.objects.create(
        problem=_problem(lagesbild, 2), kind="ingen_ny_atgard", reason="Redan åtgärdat."
    )
    client.force_login(analyst)

    listing = client.get(reverse("lagesbild:atgardsplaner"))

    assert [p.unanswered_count for p in listing.context["plans"]] == [3]
