"""Comparing a lägesbild with the one before: problems added, removed and moved in priority."""

from datetime import date

import pytest
from django.urls import reverse

from lagesbild.models import Lagesbild
from lagesbild.services import compare_problems, copy_as_new_version
from tests.factories import ProblemFactory, SamverkansomradeFactory
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db


def _year(year, **kwargs):
    return {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31), **kwargs}


def test_added_removed_and_moved_problems_between_two_years():
    older = make_lagesbild(
        problems=["Våld i centrum", "Inbrott", "Klotter"], faststalld=True, **_year(2023)
    )
    newer = make_lagesbild(
        problems=["Inbrott", "Våld i centrum", "Bedrägerier mot äldre"], **_year(2024)
    )

    result = compare_problems(older=older, newer=newer)

    assert [p.title for p in result.added] == ["Bedrägerier mot äldre"]
    assert [p.title for p in result.removed] == ["Klotter"]
    assert [(m.title, m.old_priority, m.new_priority, m.raised) for m in result.moved] == [
        ("Inbrott", 2, 1, True),
        ("Våld i centrum", 1, 2, False),
    ]
    assert result.unchanged == []
    assert result.has_changes


def test_the_same_problems_in_the_same_order_are_no_change():
    older = make_lagesbild(problems=["Våld", "Inbrott"], faststalld=True, **_year(2023))
    newer = make_lagesbild(problems=["Våld", "Inbrott"], **_year(2024))

    result = compare_problems(older=older, newer=newer)

    assert not result.has_changes
    assert [p.title for p in result.unchanged] == ["Våld", "Inbrott"]


def test_titles_match_regardless_of_case_spacing_and_punctuation():
    older = make_lagesbild(
        problems=["Våld i stadskärnan", "Inbrott"], faststalld=True, **_year(2023)
    )
    newer = make_lagesbild(problems=["Inbrott", "våld  i Stadskärnan."], **_year(2024))

    result = compare_problems(older=older, newer=newer)

    assert result.added == [] and result.removed == []
    assert [m.old_title for m in result.moved] == ["Inbrott", "Våld i stadskärnan"]


def test_a_problem_renamed_in_a_new_version_is_matched_by_its_key():
    older = make_lagesbild(problems=["Våld", "Inbrott"], faststalld=True)
    newer = copy_as_new_version(lagesbild=older)
    renamed = newer.problems.get(title="Våld")
    renamed.title = "Våld i stadskärnan kvällstid"
    renamed.priority = 3
    renamed.save()

    result = compare_problems(older=older, newer=newer)

    assert result.added == [] and result.removed == []
    assert [(m.old_title, m.title, m.old_priority, m.new_priority) for m in result.moved] == [
        ("Våld", "Våld i stadskärnan kvällstid", 1, 3)
    ]


def test_previous_is_the_latest_faststalld_of_the_same_scope_from_an_earlier_period():
    area = SamverkansomradeFactory()
    same_scope = {"scope": Lagesbild.Scope.SAMVERKANSOMRADE, "samverkansomrade": area}
    make_lagesbild(faststalld=True, title="2022", **_year(2022, **same_scope))
    make_lagesbild(title="2023 utkast", **_year(2023, **same_scope))
    v1 = make_lagesbild(faststalld=True, title="2023", **_year(2023, **same_scope))
    v2 = copy_as_new_version(lagesbild=v1)
    ProblemFactory(lagesbild=v2, priority=9)
    v2.status, v2.adopted_by, v2.adopted_on = "faststalld", v1.adopted_by, date(2024, 5, 1)
    v2.save()
    make_lagesbild(faststalld=True, title="2023 kommun", **_year(2023))
    make_lagesbild(
        faststalld=True,
        title="2023 annat område",
        **_year(
            2023, scope=Lagesbild.Scope.SAMVERKANSOMRADE, samverkansomrade=SamverkansomradeFactory()
        ),
    )
    current = make_lagesbild(title="2024", **_year(2024, **same_scope))

    assert Lagesbild.objects.previous_of(current) == v2
    assert Lagesbild.objects.previous_of(v1).title == "2022"


def test_the_workspace_shows_the_comparison_with_the_previous_year(client, analyst):
    make_lagesbild(
        problems=["Våld", "Klotter"], faststalld=True, title="Lägesbild 2023", **_year(2023)
    )
    newer = make_lagesbild(
        problems=["Klotter", "Bedrägerier"], title="Lägesbild 2024", **_year(2024)
    )
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:detail", kwargs={"pk": newer.pk})).content.decode()

    assert "Jämfört med föregående fastställda lägesbild, Lägesbild 2023" in html
    assert "Nya problem" in html and "Bedrägerier (prioritet 2)" in html
    assert "Problem som inte längre prioriteras" in html and "Våld (var prioritet 1)" in html
    assert "Klotter: från 2 till 1 (höjd)" in html


def test_the_workspace_says_when_there_is_nothing_to_compare_with(client, analyst):
    lagesbild = make_lagesbild()
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()

    assert (
        "Det finns ingen tidigare fastställd lägesbild med samma omfattning att jämföra med."
        in html
    )
