"""The coordinator approves a proposed place or merges it into an approved one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.models import EstPlats, Handelserapport
from tests.lagesbild.est.rapport_setup import make_est, make_report


@pytest.fixture
def est(db):
    return make_est()


@pytest.fixture
def proposed(est):
    return EstPlats.objects.create(
        omrade=est.hulta,
        name="Tunneln vid skolan",
        status=EstPlats.Status.FORESLAGEN,
        proposed_by=est.reporter,
    )


def test_the_coordinator_sees_the_proposed_places(client, est, proposed):
    client.force_login(est.coordinator)
    response = client.get(reverse("lagesbild:est_platser", args=[est.grupp.slug]))
    html = response.content.decode()
    assert "Tunneln vid skolan" in html
    assert "Hulta torg" in html  # offered as a target to merge into


def test_a_reporter_may_not_approve_places(client, est, proposed):
    client.force_login(est.reporter)
    assert client.get(reverse("lagesbild:est_platser", args=[est.grupp.slug])).status_code == 403
    url = reverse("lagesbild:est_godkann_plats", args=[est.grupp.slug, proposed.pk])
    assert client.post(url).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == EstPlats.Status.FORESLAGEN


def test_the_coordinator_approves_a_place(client, est, proposed):
    client.force_login(est.coordinator)
    client.post(reverse("lagesbild:est_godkann_plats", args=[est.grupp.slug, proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.status == EstPlats.Status.GODKAND


def test_merging_moves_the_reports_and_marks_the_place_merged(client, est, proposed):
    report = make_report(est, plats=proposed)
    client.force_login(est.coordinator)
    client.post(
        reverse("lagesbild:est_sammanfor_plats", args=[est.grupp.slug, proposed.pk]),
        {"target": est.torget.pk},
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.merged_into) == (EstPlats.Status.SAMMANFORD, est.torget)
    assert Handelserapport.objects.get(pk=report.pk).plats == est.torget


def test_a_place_cannot_be_merged_into_another_district(client, est, proposed):
    foreign = EstPlats.objects.create(omrade=est.other_grupp.omraden.get(), name="Annat torg")
    report = make_report(est, plats=proposed)
    client.force_login(est.coordinator)
    response = client.post(
        reverse("lagesbild:est_sammanfor_plats", args=[est.grupp.slug, proposed.pk]),
        {"target": foreign.pk},
        follow=True,
    )
    assert "Välj en godkänd plats i samma område" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == EstPlats.Status.FORESLAGEN
    assert Handelserapport.objects.get(pk=report.pk).plats == proposed


def test_another_groups_places_are_not_found_for_its_members(client, est):
    client.force_login(est.reporter)
    url = reverse("lagesbild:est_platser", args=[est.other_grupp.slug])
    assert client.get(url).status_code == 404


def test_the_places_page_reads_as_many_rows_with_one_proposal_as_with_four(client, est, proposed):
    client.force_login(est.coordinator)
    url = reverse("lagesbild:est_platser", args=[est.grupp.slug])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name in ["Parkeringen", "Busshållplatsen", "Lekplatsen"]:
        EstPlats.objects.create(omrade=est.hulta, name=name, status=EstPlats.Status.FORESLAGEN)
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)
    assert "Lekplatsen" in response.content.decode()
    assert len(four.captured_queries) == len(one.captured_queries)
