"""Åtgärdsplaner: answering each prioritised problem with insatser, and following them up."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.followup import behind_reasons, for_internal_report, plan_problems
from lagesbild.models import Atgard, Atgardsplan, Lagesbild, Problem
from samverkan.models import Insats, Uppfoljning
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    InsatsFactory,
    OrganFactory,
    UppfoljningFactory,
    approve,
)
from tests.lagesbild.conftest import make_lagesbild

TODAY = date(2025, 6, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(area, grupp):
    lagesbild = make_lagesbild(
        problems=["Våld i stadskärnan", "Inbrott i förråd", "Hedersrelaterat våld"],
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        faststalld=True,
    )
    return AtgardsplanFactory(title="Åtgärdsplan 2025", lagesbild=lagesbild)


def _problem(plan, priority):
    return plan.lagesbild.problems.get(priority=priority)


def _insats(area, grupp, **kwargs):
    kwargs.setdefault("published", True)
    return InsatsFactory(samverkansomrade=area, grupp=grupp, **kwargs)


# ---------------------------------------------------------------------------
# Rules


def test_a_plan_is_based_on_a_faststalld_lagesbild_only():
    plan = AtgardsplanFactory.build(lagesbild=make_lagesbild())

    with pytest.raises(ValidationError) as exc:
        plan.full_clean()

    assert exc.value.message_dict["lagesbild"] == [
        "En åtgärdsplan kan bara bygga på en fastställd lägesbild."
    ]


def test_an_adopted_plan_names_who_adopted_it_and_when(plan):
    plan.status = Atgardsplan.Status.ANTAGEN

    with pytest.raises(ValidationError) as exc:
        plan.full_clean()

    assert set(exc.value.message_dict) == {"adopted_by", "adopted_on"}


def test_a_measure_must_answer_a_problem_of_the_plans_own_lagesbild(plan, area, grupp):
    other = make_lagesbild(faststalld=True).problems.first()
    atgard = Atgard(
        atgardsplan=plan,
        problem=other,
        insats=_insats(area, grupp),
        owner=OrganFactory(),
        expected_effect="Färre brott.",
    )

    with pytest.raises(ValidationError, match="en annan lägesbild"):
        atgard.full_clean()


def test_a_problem_answered_in_a_plan_cannot_be_deleted(plan, area, grupp):
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 1), insats=_insats(area, grupp))

    with pytest.raises(Exception):  # noqa: B017 - frozen and protected, either stops it
        _problem(plan, 1).delete()

    assert Problem.objects.filter(lagesbild=plan.lagesbild).count() == 3


# ---------------------------------------------------------------------------
# Unanswered problems


def test_problems_without_insatser_are_flagged_as_unanswered(client, analyst, plan, area, grupp):
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 1), insats=_insats(area, grupp))
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 1), insats=_insats(area, grupp))
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 2), insats=_insats(area, grupp))
    client.force_login(analyst)

    pages = [
        client.get(reverse(name, kwargs={"pk": plan.pk})).content.decode()
        for name in [
            "lagesbild:atgardsplan",
            "lagesbild:atgardsplan_edit",
            "lagesbild:atgardsplan_followup",
        ]
    ]

    assert [
        row.problem.title
        for row in plan_problems(plan=plan, **for_internal_report())
        if row.unanswered
    ] == ["Hedersrelaterat våld"]
    for html in pages:
        assert "3. Hedersrelaterat våld – Inget ställningstagande – problemet är obesvarat" in html
        assert "1. Våld i stadskärnan – Inget ställningstagande" not in html
    listing = client.get(reverse("lagesbild:atgardsplaner"))
    assert [(p.atgard_count, p.unanswered_count) for p in listing.context["plans"]] == [(3, 1)]


def test_a_plan_where_every_problem_is_answered_shows_no_warning(
    client, analyst, plan, area, grupp
):
    for priority in (1, 2, 3):
        AtgardFactory(
            atgardsplan=plan, problem=_problem(plan, priority), insats=_insats(area, grupp)
        )
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:atgardsplan", kwargs={"pk": plan.pk})).content.decode()

    assert "obesvarat" not in html


# ---------------------------------------------------------------------------
# Create and edit


def test_analyst_creates_a_plan_from_a_faststalld_lagesbild(client, analyst, plan):
    lagesbild = plan.lagesbild
    organ = OrganFactory(name="Kommunstyrelsen")
    client.force_login(analyst)

    form_page = client.get(reverse("lagesbild:atgardsplan_create"), {"lagesbild": lagesbild.pk})
    response = client.post(
        reverse("lagesbild:atgardsplan_create"),
        {
            "title": "Åtgärdsplan 2026",
            "lagesbild": lagesbild.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "status": "antagen",
            "adopted_by": organ.pk,
            "adopted_on": "2026-03-01",
        },
    )

    assert form_page.context["form"]["lagesbild"].value() == lagesbild.pk
    created = Atgardsplan.objects.get(title="Åtgärdsplan 2026")
    assert response["Location"] == reverse("lagesbild:atgardsplan_edit", kwargs={"pk": created.pk})
    assert created.adopted_by == organ


def test_a_draft_lagesbild_is_not_offered_for_a_plan(client, analyst, plan):
    draft = make_lagesbild(title="Utkast till lägesbild")
    client.force_login(analyst)

    response = client.get(reverse("lagesbild:atgardsplan_create"))

    offered = list(response.context["form"].fields["lagesbild"].queryset)
    assert plan.lagesbild in offered and draft not in offered


def test_the_only_faststalld_lagesbild_is_already_chosen_for_a_new_plan(client, analyst, plan):
    client.force_login(analyst)

    response = client.get(reverse("lagesbild:atgardsplan_create"))

    assert response.context["form"].initial["lagesbild"] == plan.lagesbild.pk
    assert f'<option value="{plan.lagesbild.pk}" selected>' in response.content.decode()


def _atgard_rows(rows, initial=0):
    data = {
        "atgard-TOTAL_FORMS": str(len(rows)),
        "atgard-INITIAL_FORMS": str(initial),
        "atgard-MIN_NUM_FORMS": "0",
        "atgard-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"atgard-{index}-{name}"] = value
    return data


def _plan_data(plan):
    return {
        "title": plan.title,
        "lagesbild": plan.lagesbild_id,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "status": plan.status,
    }


def test_analyst_links_problems_to_insatser_in_the_formset(client, analyst, plan, area, grupp):
    walks = _insats(area, grupp, title="Trygghetsvandringar")
    neighbours = _insats(area, grupp, title="Grannsamverkan")
    owner = OrganFactory()
    client.force_login(analyst)
    data = _plan_data(plan)
    data.update(
        _atgard_rows(
            [
                {
                    "problem": _problem(plan, 1).pk,
                    "insats": walks.pk,
                    "expected_effect": "Färre otrygga platser.",
                    "time_horizon": "kort",
                    "owner": owner.pk,
                },
                {
                    "problem": _problem(plan, 2).pk,
                    "insats": neighbours.pk,
                    "expected_effect": "Färre inbrott.",
                    "time_horizon": "medel",
                    "owner": owner.pk,
                },
                {"time_horizon": "kort"},
            ]
        )
    )

    response = client.post(
        reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}), data, follow=True
    )

    assert "Åtgärdsplanen sparades." in response.content.decode()
    assert sorted((a.problem.priority, a.insats.title) for a in plan.atgarder.all()) == [
        (1, "Trygghetsvandringar"),
        (2, "Grannsamverkan"),
    ]


def test_a_problem_of_another_lagesbild_is_not_accepted(client, analyst, plan, area, grupp):
    other = make_lagesbild(faststalld=True, problems=["Främmande problem"]).problems.get()
    client.force_login(analyst)
    data = _plan_data(plan)
    data.update(
        _atgard_rows(
            [
                {
                    "problem": other.pk,
                    "insats": _insats(area, grupp).pk,
                    "expected_effect": "Något.",
                    "time_horizon": "kort",
                    "owner": OrganFactory().pk,
                }
            ]
        )
    )

    response = client.post(reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}), data)

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not plan.atgarder.exists()


# ---------------------------------------------------------------------------
# Follow-up


@pytest.mark.parametrize(
    ("status", "start", "end", "followed_up_days_ago", "expected"),
    [
        ("pagaende", date(2024, 1, 1), None, 10, []),
        ("pagaende", date(2024, 1, 1), None, 91, ["Ingen uppföljning på 91 dagar."]),
        ("pagaende", date(2024, 1, 1), None, None, ["Har aldrig följts upp."]),
        (
            "pagaende",
            date(2024, 1, 1),
            date(2025, 5, 1),
            10,
            ["Skulle enligt planen sluta 2025-05-01 men är inte avslutad."],
        ),
        (
            "planerad",
            date(2025, 5, 1),
            None,
            None,
            ["Skulle enligt planen starta 2025-05-01 men har inte startat."],
        ),
        ("planerad", date(2025, 7, 1), None, None, []),
        ("installd", date(2024, 1, 1), None, 10, ["Insatsen är inställd."]),
        ("avslutad", date(2024, 1, 1), date(2025, 1, 1), 200, []),
    ],
    ids=[
        "on-track",
        "overdue",
        "never",
        "end-passed",
        "start-passed",
        "not-yet-due",
        "cancelled",
        "finished",
    ],
)
def test_what_is_behind_with_an_insats(
    area, grupp, status, start, end, followed_up_days_ago, expected
):
    insats = _insats(area, grupp, status=status, start_date=start, end_date=end)
    if followed_up_days_ago is not None:
        UppfoljningFactory(insats=insats, date=TODAY - timedelta(days=followed_up_days_ago))
    insats = Insats.objects.with_latest_followup().get(pk=insats.pk)

    assert behind_reasons(insats, today=TODAY) == expected


def test_followup_view_shows_the_latest_followup_and_what_is_behind(
    client, analyst, plan, area, grupp
):
    today = timezone.localdate()
    walks = _insats(area, grupp, title="Trygghetsvandringar")
    UppfoljningFactory(insats=walks, date=today - timedelta(days=200), done="Gammal vandring.")
    UppfoljningFactory(
        insats=walks, date=today - timedelta(days=5), done="Vandring med tolv boende."
    )
    silent = _insats(area, grupp, title="Grannsamverkan")
    UppfoljningFactory(insats=silent, date=today - timedelta(days=120), done="Uppstartsmöte.")
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 1), insats=walks)
    AtgardFactory(atgardsplan=plan, problem=_problem(plan, 2), insats=silent)
    client.force_login(analyst)

    response = client.get(reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk}))

    html = response.content.decode()
    assert "1 insats ligger efter." in html
    walk_row = html[
        html.index("Trygghetsvandringar") : html.index("</tr>", html.index("Trygghetsvandringar"))
    ]
    assert "Vandring med tolv boende." in walk_row and "Gammal vandring." not in walk_row
    assert "Enligt plan" in walk_row
    silent_row = html[
        html.index(">Grannsamverkan<") : html.index("</tr>", html.index(">Grannsamverkan<"))
    ]
    assert "Uppstartsmöte." in silent_row
    assert "Ingen uppföljning på 120 dagar." in silent_row
    assert "3. Hedersrelaterat våld" in html and "problemet är obesvarat" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _big_plan(area, grupp, count):
    """A plan with `count` åtgärder over count/2 problems, each insats followed up twice."""
    organ = OrganFactory()
    lagesbild = make_lagesbild(problems=[], title=f"Lägesbild med {count}")
    Problem.objects.bulk_create(
        [
            Problem(
                lagesbild=lagesbild,
                title=f"Problem {n}",
                key=f"problem-{n}",
                priority=n + 1,
                owner=organ,
            )
            for n in range(count // 2)
        ]
    )
    approve(lagesbild)
    problems = list(lagesbild.problems.order_by("priority"))
    insatser = Insats.objects.bulk_create(
        [
            Insats(
                title=f"Insats {lagesbild.pk}-{n}",
                slug=f"insats-{lagesbild.pk}-{n}",
                summary="Tryggare.",
                samverkansomrade=area,
                grupp=grupp,
                responsible=organ,
                status=Insats.Status.PAGAENDE,
                start_date=date(2024, 1, 1),
                contact="Samordnare",
            )
            for n in range(count)
        ]
    )
    Uppfoljning.objects.bulk_create(
        [
            Uppfoljning(insats=insats, date=date(2024, month, 1), done=f"Uppföljning {month}")
            for insats in insatser
            for month in (2, 3)
        ]
    )
    plan = AtgardsplanFactory(lagesbild=lagesbild)
    Atgard.objects.bulk_create(
        [
            Atgard(
                atgardsplan=plan,
                problem=problems[n % len(problems)],
                insats=insats,
                owner=organ,
                expected_effect="Effekt.",
            )
            for n, insats in enumerate(insatser)
        ]
    )
    return plan


PLAN_PAGES = ["atgardsplan", "atgardsplan_followup", "atgardsplan_edit"]


@pytest.mark.parametrize("name", PLAN_PAGES)
def test_plan_page_query_count_is_the_same_with_10_and_40_atgarder(
    client, analyst, area, grupp, name
):
    small_plan = _big_plan(area, grupp, 10)
    large_plan = _big_plan(area, grupp, 40)
    client.force_login(analyst)
    client.get(reverse(f"lagesbild:{name}", kwargs={"pk": small_plan.pk}))  # warm caches

    small = _queries(client, reverse(f"lagesbild:{name}", kwargs={"pk": small_plan.pk}))
    large = _queries(client, reverse(f"lagesbild:{name}", kwargs={"pk": large_plan.pk}))

    repeated, times = Counter(large).most_common(1)[0]
    assert len(large) == len(small), f"{times} × {repeated}"


def test_the_followup_of_40_atgarder_shows_every_latest_followup(client, analyst, area, grupp):
    plan = _big_plan(area, grupp, 40)
    client.force_login(analyst)

    html = client.get(
        reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk})
    ).content.decode()

    assert html.count("Uppföljning 3") == 40
    assert "Uppföljning 2" not in html


LIST_PAGES = [
    ("lagesbild:atgardsplaner", True),
    ("lagesbild:list", True),
    ("lagesbild:public_list", False),
    ("sitemap", False),
]


@pytest.mark.parametrize(("name", "login"), LIST_PAGES, ids=[n for n, _ in LIST_PAGES])
def test_list_query_count_is_the_same_with_10_and_40_rows(
    client, analyst, area, grupp, name, login
):
    def grow(total, start):
        for n in range(start, total):
            plan = _big_plan(area, grupp, 2)
            lagesbild = plan.lagesbild
            lagesbild.public_summary = f"Sammanfattning {n}"
            lagesbild.summary_published_at = timezone.now()
            lagesbild.save()

    if login:
        client.force_login(analyst)
    grow(10, 0)
    url = reverse(name)
    client.get(url)
    small = _queries(client, url)
    grow(40, 10)
    large = _queries(client, url)

    assert Lagesbild.objects.published().count() == 40
    assert len(large) == len(small)


# ---------------------------------------------------------------------------
# Permissions


PLAN_VIEWS = [
    ("atgardsplaner", "get", False),
    ("atgardsplan_create", "get", False),
    ("atgardsplan", "get", True),
    ("atgardsplan_followup", "get", True),
    ("atgardsplan_edit", "get", True),
    ("atgardsplan_edit", "post", True),
]
ROLES = [
    "anonymous",
    "analyst",
    "bra_member",
    "administrator",
    "group_member",
    "coordinator",
    "strategic_member",
    "other_official",
]


def _expected(role, view):
    if role == "anonymous":
        return "login"
    if role in {"analyst", "bra_member", "administrator"} or view == "atgardsplaner":
        return "ok"
    readers = {"group_member", "coordinator"}
    if role in readers and view in {"atgardsplan", "atgardsplan_followup"}:
        return "ok"
    if view == "atgardsplan_create" or (role in readers and view == "atgardsplan_edit"):
        return "403"
    return "404"


PLAN_MATRIX = [(r, v, m, pk, _expected(r, v)) for r in ROLES for v, m, pk in PLAN_VIEWS]


@pytest.mark.parametrize(
    ("role", "view", "method", "with_pk", "outcome"),
    PLAN_MATRIX,
    ids=[f"{r}-{v}-{m}" for r, v, m, _, _ in PLAN_MATRIX],
)
def test_atgardsplan_permission_matrix(
    client, request, plan, bra, strategic_forum, role, view, method, with_pk, outcome
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(f"lagesbild:{view}", kwargs={"pk": plan.pk} if with_pk else {})

    response = getattr(client, method)(url)

    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("organisation:login"))
    elif outcome in {"403", "404"}:
        assert response.status_code == int(outcome)
    else:
        assert response.status_code in {200, 302}


def test_an_official_outside_the_area_does_not_see_the_plan_in_the_list(
    client, other_official, plan
):
    client.force_login(other_official)

    response = client.get(reverse("lagesbild:atgardsplaner"))

    assert list(response.context["plans"]) == []
    assert "Det finns ingen åtgärdsplan som du kan läsa." in response.content.decode()
