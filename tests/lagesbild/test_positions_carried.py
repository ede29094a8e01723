"""A new version of a lägesbild starts with the previous version's positions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lagesbild.models import Lagesbild, Problem, Stallningstagande
from lagesbild.services import copy_as_new_version
from tests.factories import OrganFactory, approve
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db


@pytest.fixture
def lagesbild(area):
    lagesbild = make_lagesbild(
        problems=["Våld i stadskärnan", "Inbrott i förråd", "Buskörning"],
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        faststalld=True,
    )
    Stallningstagande.objects.create(
        problem=lagesbild.problems.get(priority=1),
        kind=Stallningstagande.Kind.INGEN_NY_ATGARD,
        reason="Redan täckt av krogsamverkan.",
    )
    Stallningstagande.objects.create(
        problem=lagesbild.problems.get(priority=2),
        kind=Stallningstagande.Kind.ANNAN_AKTOR,
        other_actor=OrganFactory(name="Polisen i testet"),
    )
    return lagesbild


def test_each_position_is_carried_to_the_same_problem_of_the_new_version(lagesbild):
    successor = copy_as_new_version(lagesbild=lagesbild)

    carried = {
        p.title: p.stallningstagande
        for p in successor.problems.filter(stallningstagande__isnull=False)
    }
    assert set(carried) == {"Våld i stadskärnan", "Inbrott i förråd"}
    assert carried["Våld i stadskärnan"].reason == "Redan täckt av krogsamverkan."
    assert carried["Inbrott i förråd"].actor_label == "Polisen i testet"
    assert carried["Våld i stadskärnan"].carried_from.problem.lagesbild == lagesbild
    assert not Stallningstagande.objects.filter(problem__title="Buskörning").exists()


def test_once_the_new_version_is_faststalld_only_the_problem_without_position_is_unanswered(
    lagesbild,
):
    successor = copy_as_new_version(lagesbild=lagesbild)
    approve(successor)

    assert list(Problem.objects.unanswered().values_list("title", flat=True)) == ["Buskörning"]


def test_the_draft_version_shows_where_its_positions_came_from(client, analyst, lagesbild):
    successor = copy_as_new_version(lagesbild=lagesbild)
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:detail", args=[successor.pk])).content.decode()

    assert "Förts över från version 1" in page
    assert "Redan täckt av krogsamverkan." in page


def test_a_position_on_a_draft_is_still_refused_unless_it_was_carried(lagesbild):
    successor = copy_as_new_version(lagesbild=lagesbild)
    position = Stallningstagande(
        problem=successor.problems.get(title="Buskörning"),
        kind=Stallningstagande.Kind.INSATSER,
    )

    with pytest.raises(ValidationError):
        position.full_clean()
