"""Rules about one lägesbild: its scope, its freezing once fastställd, and its versions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lagesbild.models import FrozenError, Lagesbild, Problem
from lagesbild.services import copy_as_new_version
from tests.factories import (
    ForumFactory,
    LagesbildFactory,
    OmradeFactory,
    ProblemFactory,
    SamverkansomradeFactory,
    approve,
)
from tests.lagesbild.conftest import make_lagesbild

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Scope


@pytest.mark.parametrize(
    ("scope", "with_area", "with_district"),
    [
        ("kommun", True, False),
        ("kommun", False, True),
        ("samverkansomrade", False, False),
        ("samverkansomrade", True, True),
        ("omrade", False, False),
        ("omrade", True, True),
    ],
)
def test_database_refuses_anything_but_exactly_one_scope(scope, with_area, with_district):
    area = SamverkansomradeFactory() if with_area else None
    district = OmradeFactory() if with_district else None

    with pytest.raises(IntegrityError), transaction.atomic():
        LagesbildFactory(scope=scope, samverkansomrade=area, omrade=district)


@pytest.mark.parametrize(
    ("scope", "field"),
    [("samverkansomrade", "samverkansomrade"), ("omrade", "omrade")],
)
def test_each_scope_names_exactly_its_own_place(scope, field):
    kwargs = {"samverkansomrade": SamverkansomradeFactory()} if field == "samverkansomrade" else {}
    kwargs.update({"omrade": OmradeFactory()} if field == "omrade" else {})

    lagesbild = LagesbildFactory(scope=scope, **kwargs)

    assert lagesbild.scope_label == getattr(lagesbild, field).name


def test_clean_explains_a_missing_area_in_swedish():
    lagesbild = LagesbildFactory.build(scope=Lagesbild.Scope.SAMVERKANSOMRADE)

    with pytest.raises(ValidationError) as exc:
        lagesbild.clean()

    assert exc.value.message_dict["samverkansomrade"] == [
        "Välj det samverkansområde som lägesbilden gäller."
    ]


def test_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        LagesbildFactory(period_start=date(2024, 6, 1), period_end=date(2024, 5, 31))


def test_a_lagesbild_without_author_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LagesbildFactory(author_body=None, author_forum=None)


def test_a_faststalld_lagesbild_needs_forum_and_date_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LagesbildFactory(status=Lagesbild.Status.FASTSTALLD)


def test_the_summary_of_a_draft_cannot_be_marked_published_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LagesbildFactory(public_summary="Sammanfattning", summary_published_at=timezone.now())


def test_priorities_are_unique_within_a_lagesbild():
    lagesbild = make_lagesbild(problems=["Våld"])

    with pytest.raises(IntegrityError), transaction.atomic():
        ProblemFactory(lagesbild=lagesbild, title="Inbrott", priority=1)


# ---------------------------------------------------------------------------
# Freezing


@pytest.fixture
def faststalld():
    return make_lagesbild(faststalld=True, analys="Ursprunglig analys.")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("analys", "Ändrad analys."),
        ("kartlaggning", "Ändrad kartläggning."),
        ("ovrig_information", "Ändrad information."),
        ("sources", "Ny källa"),
        ("title", "Ny titel"),
        ("period_end", date(2024, 11, 30)),
        ("status", Lagesbild.Status.UTKAST),
        ("adopted_on", date(2025, 3, 1)),
    ],
)
def test_save_refuses_to_change_a_faststalld_lagesbild(faststalld, field, value):
    setattr(faststalld, field, value)

    with pytest.raises(FrozenError, match="fastställd och kan inte längre ändras"):
        faststalld.save()

    faststalld.refresh_from_db()
    assert faststalld.analys == "Ursprunglig analys."
    assert faststalld.status == Lagesbild.Status.FASTSTALLD


def test_clean_refuses_to_change_a_faststalld_lagesbild(faststalld):
    faststalld.analys = "Ändrad analys."

    with pytest.raises(ValidationError, match="Skapa en ny version"):
        faststalld.full_clean()


def test_the_summary_of_a_faststalld_lagesbild_may_still_change(faststalld):
    faststalld.public_summary = "Ny sammanfattning för invånarna."
    faststalld.save()

    faststalld.refresh_from_db()
    assert faststalld.public_summary == "Ny sammanfattning för invånarna."


def test_a_faststalld_lagesbild_cannot_be_deleted(faststalld):
    with pytest.raises(FrozenError):
        faststalld.delete()

    assert Lagesbild.objects.filter(pk=faststalld.pk).exists()


def test_problems_of_a_faststalld_lagesbild_cannot_be_changed_added_or_deleted(faststalld):
    problem = faststalld.problems.get(priority=1)
    problem.title = "Ändrad titel"

    with pytest.raises(FrozenError):
        problem.save()
    with pytest.raises(FrozenError):
        faststalld.problems.get(priority=2).delete()
    with pytest.raises(FrozenError):
        ProblemFactory(lagesbild=faststalld, priority=3)

    assert [p.title for p in faststalld.problems.order_by("priority")] == [
        "Våld i stadskärnan",
        "Inbrott i förråd",
    ]


def test_a_draft_can_be_changed_freely():
    draft = make_lagesbild(analys="Första utkastet.")
    draft.analys = "Andra utkastet."
    draft.save()
    draft.problems.get(priority=2).delete()

    draft.refresh_from_db()
    assert draft.analys == "Andra utkastet."
    assert draft.problems.count() == 1


# ---------------------------------------------------------------------------
# Versions


def test_a_new_version_is_a_draft_copy_with_the_problems_and_their_keys(faststalld):
    original = list(faststalld.problems.order_by("priority"))

    copy = copy_as_new_version(lagesbild=faststalld)

    assert copy.pk != faststalld.pk
    assert copy.status == Lagesbild.Status.UTKAST
    assert copy.version == 2
    assert copy.previous_version == faststalld
    assert copy.series == faststalld.series
    assert copy.analys == "Ursprunglig analys."
    assert copy.adopted_on is None and copy.summary_published_at is None
    assert [(p.key, p.title, p.priority, p.is_public) for p in copy.problems.all()] == [
        (p.key, p.title, p.priority, p.is_public) for p in original
    ]
    assert faststalld.problems.count() == 2


def test_the_new_version_has_its_own_address_and_the_old_one_is_kept(faststalld):
    copy = copy_as_new_version(lagesbild=faststalld)

    assert copy.slug == f"{faststalld.slug}-v2"
    assert list(faststalld.versions()) == [faststalld, copy]
    assert list(copy.versions()) == [faststalld, copy]


def test_a_version_that_already_has_a_successor_answers_with_it(faststalld):
    first = copy_as_new_version(lagesbild=faststalld)

    assert copy_as_new_version(lagesbild=faststalld) == first
    assert Lagesbild.objects.count() == 2


def test_a_draft_gets_no_new_version():
    with pytest.raises(ValidationError, match="redigera utkastet"):
        copy_as_new_version(lagesbild=make_lagesbild())


def test_three_versions_in_a_line_are_all_listed(faststalld):
    second = copy_as_new_version(lagesbild=faststalld)
    approve(second, forum=ForumFactory(), on=date(2025, 4, 1))
    third = copy_as_new_version(lagesbild=second)

    assert [v.version for v in third.versions()] == [1, 2, 3]
    assert third.previous_version == second


def test_a_renamed_problem_keeps_its_key_in_the_next_version(faststalld):
    copy = copy_as_new_version(lagesbild=faststalld)
    problem = copy.problems.get(priority=1)
    old_key = problem.key
    problem.title = "Våld i stadskärnan kvällstid"
    problem.save()

    assert Problem.objects.get(pk=problem.pk).key == old_key


# ---------------------------------------------------------------------------
# Published


def test_published_holds_only_faststallda_with_a_published_summary():
    published = LagesbildFactory(published=True)
    LagesbildFactory(faststalld=True, public_summary="Ej publicerad")
    LagesbildFactory(public_summary="Utkast")

    assert list(Lagesbild.objects.published()) == [published]
