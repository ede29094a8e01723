"""The Borås demo: lägesbilder of two years and a draft version, and an åtgärdsplan."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from lagesbild.followup import for_internal_report, plan_problems
from lagesbild.models import Atgard, Atgardsplan, Lagesbild, Problem
from lagesbild.services import comparisons_for


@pytest.fixture
def demo(demo_module, db, settings):
    """The demo, loaded once for the module; DEBUG on for the tests that load it again."""
    settings.DEBUG = True


def test_demo_has_a_published_kommun_wide_lagesbild_of_last_year_and_a_draft_version(demo):
    published = Lagesbild.objects.published().get()
    draft = Lagesbild.objects.get(previous_version=published)

    assert published.scope == Lagesbild.Scope.KOMMUN
    assert published.adopted_by.slug == "bra"
    assert published.author_body.slug == "cks"
    assert draft.status == Lagesbild.Status.UTKAST and draft.version == 2
    assert {
        lb.samverkansomrade.slug for lb in Lagesbild.objects.filter(scope="samverkansomrade")
    } == {
        "lokal-samverkan",
        "trygga-miljoer",
    }


def test_demo_comparisons_show_changes_from_the_year_before_and_the_version_before(demo):
    draft = Lagesbild.objects.get(version=2)

    (version_heading, by_version), (year_heading, by_year) = comparisons_for(draft)

    assert version_heading == "Jämfört med version 1"
    assert [p.title for p in by_version.added] == [
        "Trafiksituationen upplevs otrygg i bostadsområden"
    ]
    assert [m.title for m in by_version.moved] == [
        "Unga i riskzon för kriminalitet",
        "Våld i stadskärnan kvällar och helger",
    ]
    assert year_heading.startswith("Jämfört med föregående fastställda lägesbild")
    assert [p.title for p in by_year.removed] == ["Skadegörelse och nedskräpning i bostadsområden"]


def test_demo_action_plan_leaves_one_problem_unanswered(demo):
    plan = Atgardsplan.objects.get()

    rows = plan_problems(plan=plan, **for_internal_report())

    assert plan.status == Atgardsplan.Status.ANTAGEN
    assert plan.lagesbild == Lagesbild.objects.published().get()
    assert [row.problem.title for row in rows if row.unanswered] == [
        "Hedersrelaterat våld och förtryck"
    ]
    assert Atgard.objects.filter(atgardsplan=plan).count() == 10


def test_demo_can_be_loaded_again_without_duplicates(demo):
    counts = (Lagesbild.objects.count(), Problem.objects.count(), Atgard.objects.count())

    call_command("load_demo")

    assert (Lagesbild.objects.count(), Problem.objects.count(), Atgard.objects.count()) == counts


def test_demo_analyst_finds_the_lagesbilder_from_the_workspace(demo, client):
    client.force_login(get_user_model().objects.get(username="analytiker"))

    workspace = client.get(reverse("samverkan:arbetsyta")).content.decode()
    listing = client.get(reverse("lagesbild:list"))

    assert reverse("lagesbild:list") in workspace
    assert reverse("lagesbild:atgardsplaner") in workspace
    assert len(listing.context["lagesbilder"]) == 5


def test_demo_official_reads_only_the_lagesbild_of_their_area(demo, client):
    client.force_login(get_user_model().objects.get(username="tjansteperson"))

    listing = client.get(reverse("lagesbild:list"))

    assert [lb.samverkansomrade.slug for lb in listing.context["lagesbilder"]] == [
        "lokal-samverkan"
    ]


def test_demo_residents_find_the_summary_from_the_main_menu(demo, client):
    start = client.get(reverse("samverkan:start")).content.decode()
    listing = client.get(reverse("lagesbild:public_list")).content.decode()

    assert f'href="{reverse("lagesbild:public_list")}"' in start
    assert "Lägesbilder</a>" in start
    published = Lagesbild.objects.published().get()
    assert published.get_absolute_url() in listing
