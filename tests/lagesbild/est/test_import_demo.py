"""The EST demo: two groups with places, a year of reports, weekly actions, a prioritisation."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lagesbild.demo_est import load_demo_est
from lagesbild.models import EstAtgard, EstPlats, EstPrioritering, Handelserapport
from samverkan.models import Samverkansgrupp


@pytest.fixture
def demo(demo_module, db, settings):
    """The demo, loaded once for the module; DEBUG on for the tests that load it again."""
    settings.DEBUG = True


def test_the_demo_has_two_est_groups_with_places_and_a_year_of_reports(demo):
    groups = Samverkansgrupp.objects.est()

    assert {g.name for g in groups} == {"EST Hulta", "EST Hässleholmen"}
    for grupp in groups:
        assert grupp.samverkansomrade.slug == "lokal-samverkan" and not grupp.is_public
        omrade = grupp.omraden.get()
        assert 5 <= EstPlats.objects.filter(omrade=omrade).count() <= 8
        reports = Handelserapport.objects.filter(grupp=grupp)
        weeks = Counter(reports.values_list("iso_year", "iso_week"))
        assert len(weeks) >= 50
        # Counts vary by week, as real ones do.
        assert max(weeks.values()) >= 2 * min(weeks.values())
        assert {r.organ.slug for r in reports.select_related("organ")} == {
            "polisen",
            "ab-bostader",
            "fritids-och-folkhalsonamnden",
        }
        assert EstAtgard.objects.filter(grupp=grupp).values("iso_week").distinct().count() == 8
    assert EstPrioritering.objects.filter(grupp__slug="est-hulta").count() == 1
    assert not Handelserapport.objects.exclude(description__startswith="Exempel: ").exists()


def test_the_demo_reporter_reports_for_polisen_in_est_hulta_only(demo):
    reporter = get_user_model().objects.get(username="est-rapportor")

    assert reporter.organtillhorighet.organ.slug == "polisen"
    assert reporter.has_perm("lagesbild.report_est")
    assert reporter.has_perm(
        "lagesbild.view_est_group", Samverkansgrupp.objects.get(slug="est-hulta")
    )
    assert not reporter.has_perm(
        "lagesbild.view_est_group", Samverkansgrupp.objects.get(slug="est-hassleholmen")
    )


def test_loading_the_demo_again_adds_nothing(demo):
    counts = (
        Handelserapport.objects.count(),
        EstAtgard.objects.count(),
        EstPrioritering.objects.count(),
        EstPlats.objects.count(),
    )

    call_command("load_demo")

    assert load_demo_est() == 0
    assert (
        Handelserapport.objects.count(),
        EstAtgard.objects.count(),
        EstPrioritering.objects.count(),
        EstPlats.objects.count(),
    ) == counts


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/organisation/",
        "/samverkansomraden/",
        "/samverkansomraden/lokal-samverkan/",
        "/omraden/",
        "/omraden/hulta/",
        "/omraden/hassleholmen/",
        "/insatser/",
        "/insatser/flode.atom",
        "/oppna-data/insatser.json",
        "/oppna-data/insatser.csv",
        "/sitemap.xml",
    ],
)
def test_the_demo_est_groups_and_reports_reach_no_public_page(demo, client, url):
    response = client.get(url)

    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    assert "EST Hulta" not in body and "EST Hässleholmen" not in body
    assert "Exempel: krossad ruta" not in body and "Exempel: Effektiv samordning" not in body
