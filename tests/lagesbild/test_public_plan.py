"""The published åtgärdsplan: public problems, public insatser and targets, nothing internal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Atgardsplan, Lagesbild, Stallningstagande
from lagesbild.services import publish_plan
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    OrganFactory,
    ProblemFactory,
    approve,
)
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db

INTERNAL_MARKERS = [
    "HEMLIGTPROBLEM",
    "INTERNINSATS",
    "UTKASTINSATS",
    "INTERNEFFEKT",
    "INTERNSKAL",
    "UTKASTPLANEN",
    "INTERNBESKRIVNING",
]


def _world(area, grupp):
    lagesbild = make_lagesbild(
        problems=[],
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    public = ProblemFactory(
        lagesbild=lagesbild,
        title="Otrygghet vid resecentrum",
        priority=1,
        description="INTERNBESKRIVNING av platsen",
    )
    hidden = ProblemFactory(
        lagesbild=lagesbild, title="HEMLIGTPROBLEM", priority=2, is_public=False
    )
    approve(lagesbild)
    Stallningstagande.objects.create(
        problem=hidden, kind="ingen_ny_atgard", reason="INTERNSKAL varför inget görs"
    )
    plan = AtgardsplanFactory(
        title="Åtgärdsplan för resecentrum",
        lagesbild=lagesbild,
        status=Atgardsplan.Status.ANTAGEN,
        adopted_by=OrganFactory(name="Kommunstyrelsen"),
        adopted_on=date(2025, 2, 1),
        adopted_diarienummer="KS 2025-00042",
    )
    indikator = IndikatorFactory(name="Otrygga vid resecentrum", unit="%")
    IndikatorvardeFactory(indikator=indikator, year=2024, value=Decimal("30"))
    mine = {"samverkansomrade": area, "grupp": grupp}
    for title, extra in [
        ("Trygghetsvärdar vid resecentrum", {"published": True}),
        ("INTERNINSATS kameror", {"published": True, "internal": True}),
        ("UTKASTINSATS belysning", {}),
    ]:
        AtgardFactory(
            atgardsplan=plan,
            problem=public,
            insats=InsatsFactory(**mine, title=title, **extra),
            expected_effect="INTERNEFFEKT färre rån",
            indikator=indikator,
            baseline=Decimal("30"),
            target=Decimal("20"),
            target_year=2026,
        )
    AtgardFactory(
        atgardsplan=plan,
        problem=hidden,
        insats=InsatsFactory(**mine, title="Publik insats mot det hemliga", published=True),
    )
    AtgardsplanFactory(title="UTKASTPLANEN", lagesbild=lagesbild)
    return plan


def test_the_public_plan_shows_public_problems_insatser_and_targets_and_nothing_internal(
    client, analyst, area, grupp
):
    plan = _world(area, grupp)
    publish_plan(plan=plan, user=analyst)

    pages = [
        client.get(reverse("lagesbild:public_plans")).content.decode(),
        client.get(reverse("lagesbild:public_plan", kwargs={"pk": plan.pk})).content.decode(),
    ]

    listing, detail = pages
    assert "Åtgärdsplan för resecentrum" in listing
    assert "Otrygghet vid resecentrum" in detail
    assert "Trygghetsvärdar vid resecentrum" in detail
    assert "Utgångsläge 30,0, mål 20,0 %" in detail and "(2026)" in detail
    assert "KS 2025-00042" in detail
    for html in pages:
        for marker in INTERNAL_MARKERS:
            assert marker not in html, marker
    assert "Publik insats mot det hemliga" not in detail


def test_an_unpublished_or_draft_plan_is_not_found(client, area, grupp):
    plan = _world(area, grupp)
    draft = Atgardsplan.objects.get(title="UTKASTPLANEN")

    assert client.get(reverse("lagesbild:public_plan", kwargs={"pk": plan.pk})).status_code == 404
    assert client.get(reverse("lagesbild:public_plan", kwargs={"pk": draft.pk})).status_code == 404
    assert "Åtgärdsplan för resecentrum" not in (
        client.get(reverse("lagesbild:public_plans")).content.decode()
    )


def test_only_an_adopted_plan_can_be_published(analyst, area, grupp):
    _world(area, grupp)
    draft = Atgardsplan.objects.get(title="UTKASTPLANEN")

    with pytest.raises(ValidationError, match="Bara en antagen åtgärdsplan kan publiceras."):
        publish_plan(plan=draft, user=analyst)


def test_the_guard_refuses_a_personnummer_in_a_public_problem_title(analyst, area, grupp):
    plan = _world(area, grupp)
    Lagesbild.objects.filter(pk=plan.lagesbild_id).update(status="utkast")
    plan.lagesbild.problems.filter(priority=1).update(title="Bråk kring 19121212-1212")
    Lagesbild.objects.filter(pk=plan.lagesbild_id).update(status="faststalld")

    with pytest.raises(ValidationError):
        publish_plan(plan=plan, user=analyst)

    plan.refresh_from_db()
    assert plan.published_at is None


def test_an_editor_publishes_and_unpublishes_from_the_workspace(client, analyst, area, grupp):
    plan = _world(area, grupp)
    client.force_login(analyst)

    client.post(reverse("lagesbild:atgardsplan_publish", kwargs={"pk": plan.pk}))
    plan.refresh_from_db()
    published = plan.published_at
    client.post(reverse("lagesbild:atgardsplan_unpublish", kwargs={"pk": plan.pk}))
    plan.refresh_from_db()

    assert published is not None and plan.published_at is None


def test_a_published_plan_cannot_be_turned_back_into_a_draft(area, grupp):
    plan = _world(area, grupp)
    plan.published_at = timezone.now()
    plan.status = Atgardsplan.Status.UTKAST

    with pytest.raises(ValidationError) as exc:
        plan.full_clean()

    assert "status" in exc.value.message_dict


@pytest.mark.parametrize("extra", [0, 4])
def test_the_public_plan_takes_the_same_queries_however_many_measures(
    client, analyst, area, grupp, extra, django_assert_num_queries
):
    plan = _world(area, grupp)
    problem = plan.lagesbild.problems.get(priority=1)
    for n in range(extra):
        AtgardFactory(
            atgardsplan=plan,
            problem=problem,
            insats=InsatsFactory(
                samverkansomrade=area, grupp=grupp, title=f"Extra {n}", published=True
            ),
            indikator=IndikatorFactory(),
            target=Decimal("1"),
        )
    publish_plan(plan=plan, user=analyst)
    url = reverse("lagesbild:public_plan", kwargs={"pk": plan.pk})
    client.get(url)

    with django_assert_num_queries(7):
        client.get(url)
