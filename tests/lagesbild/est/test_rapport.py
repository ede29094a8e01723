"""Reporting an incident from a phone: the form, its defaults and what it refuses."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import EstPlats, Handelserapport
from tests.factories import UserFactory
from tests.lagesbild.est.rapport_setup import make_est, make_report, report_data, reporter_in

URL = reverse("lagesbild:est_rapportera")


@pytest.fixture
def est(db):
    return make_est()


def test_the_form_defaults_to_now_and_the_reporters_organisation(client, est):
    client.force_login(est.reporter)
    response = client.get(URL)
    form = response.context["form"]
    assert response.status_code == 200
    assert "Polisen Borås" in response.content.decode()
    assert form.initial["occurred_on"] == timezone.localdate()
    assert form.initial["grupp"] == est.grupp.pk
    assert form.initial["omrade"] == est.hulta.pk
    assert "Hässleholmen" not in response.content.decode()


def test_the_form_defaults_to_the_district_and_place_of_the_last_report(client, est):
    make_report(est, plats=est.skolgarden)
    client.force_login(est.reporter)
    form = client.get(URL).context["form"]
    assert form.initial["plats"] == est.skolgarden.pk


def test_a_report_is_saved_for_the_reporters_organisation_with_a_receipt(client, est):
    client.force_login(est.reporter)
    response = client.post(URL, report_data(est), follow=True)
    report = Handelserapport.objects.get()
    assert (report.organ, report.reporter, report.plats) == (est.polisen, est.reporter, est.torget)
    assert (report.iso_year, report.iso_week) == (2026, 11)
    html = response.content.decode()
    assert "Rapporten är mottagen" in html
    assert "Rapportera en till" in html


def test_an_account_without_organisation_is_told_to_ask_an_administrator(client, est):
    user = reporter_in(est.grupp, "utan-organisation")
    client.force_login(user)
    assert "Be en administratör" in client.get(URL).content.decode()
    client.post(URL, report_data(est))
    assert not Handelserapport.objects.exists()


def test_a_new_place_is_proposed_for_the_coordinator(client, est):
    client.force_login(est.reporter)
    client.post(URL, report_data(est, plats="", new_place="Gångtunneln  vid skolan"))
    place = EstPlats.objects.get(name="Gångtunneln vid skolan")
    assert place.status == EstPlats.Status.FORESLAGEN
    assert place.proposed_by == est.reporter
    assert Handelserapport.objects.get().plats == place


def test_a_report_needs_a_place(client, est):
    client.force_login(est.reporter)
    response = client.post(URL, report_data(est, plats=""))
    assert "Välj en plats eller ange namnet på en ny" in response.content.decode()
    assert not Handelserapport.objects.exists()


def test_a_place_of_another_groups_district_is_refused(client, est):
    foreign = EstPlats.objects.create(omrade=est.other_grupp.omraden.get(), name="Annat torg")
    client.force_login(est.reporter)
    client.post(URL, report_data(est, plats=foreign.pk))
    assert not Handelserapport.objects.exists()


def test_a_personnummer_in_the_description_is_refused_and_nothing_is_written(client, est):
    client.force_login(est.reporter)
    response = client.post(URL, report_data(est, description="Pojken 19121212-1212 sprejade."))
    assert "ser ut som ett personnummer" in response.content.decode()
    assert not Handelserapport.objects.exists()


def test_a_personnummer_as_new_place_name_creates_no_place(client, est):
    client.force_login(est.reporter)
    response = client.post(URL, report_data(est, plats="", new_place="Hos 121212-1212"))
    assert "ser ut som ett personnummer" in response.content.decode()
    assert not EstPlats.objects.filter(status=EstPlats.Status.FORESLAGEN).exists()


def test_someone_outside_every_est_group_gets_403(client, est):
    client.force_login(UserFactory(username="utomstaende"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, report_data(est)).status_code == 403
    assert not Handelserapport.objects.exists()


def test_a_report_sent_twice_with_the_same_key_is_saved_once(client, est):
    client.force_login(est.reporter)
    data = report_data(est, client_key=str(uuid.uuid4()))
    first = client.post(URL, data, HTTP_ACCEPT="application/json")
    second = client.post(URL, data, HTTP_ACCEPT="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["received"] and second.json()["received"]
    assert Handelserapport.objects.count() == 1


def test_a_refused_report_sent_by_the_script_answers_with_the_errors(client, est):
    client.force_login(est.reporter)
    response = client.post(URL, report_data(est, kategori=""), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "kategori" in response.json()["errors"]


def test_my_reports_this_week_lists_mine_and_not_a_colleagues(client, est):
    make_report(est, description="min egen", plats=est.skolgarden)
    make_report(est, reporter=est.colleague, plats=est.torget)
    client.force_login(est.reporter)
    reports = client.get(URL).context["my_reports"]
    assert [r.plats for r in reports] == [est.skolgarden]


def test_a_reporter_corrects_their_report_and_the_history_keeps_the_first_version(client, est):
    report = make_report(est)
    client.force_login(est.reporter)
    response = client.post(
        reverse("lagesbild:est_andra", args=[report.pk]),
        report_data(est, plats=est.skolgarden.pk, people="6-10"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.plats, report.people) == (est.skolgarden, "6-10")
    assert report.history.count() == 2
    assert report.history.earliest().plats_id == est.torget.pk


def test_a_colleagues_report_cannot_be_corrected(client, est):
    report = make_report(est, reporter=est.colleague)
    client.force_login(est.reporter)
    assert client.get(reverse("lagesbild:est_andra", args=[report.pk])).status_code == 403


def test_another_groups_report_is_not_found(client, est):
    hassleholmen = est.other_grupp.omraden.get()
    report = make_report(est, grupp=est.other_grupp, omrade=hassleholmen, plats=None)
    client.force_login(est.reporter)
    assert client.get(reverse("lagesbild:est_andra", args=[report.pk])).status_code == 404
    response = client.post(reverse("lagesbild:est_dra_tillbaka", args=[report.pk]))
    assert response.status_code == 404


def test_a_report_from_an_earlier_week_can_no_longer_be_corrected(client, est):
    report = make_report(est, created_at=timezone.now() - timedelta(days=8))
    client.force_login(est.reporter)
    url = reverse("lagesbild:est_andra", args=[report.pk])
    assert client.post(url, report_data(est, people="20+")).status_code == 403
    assert client.post(reverse("lagesbild:est_dra_tillbaka", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.people != "20+" and report.withdrawn_at is None


def test_withdrawing_a_report_keeps_it_in_the_history_and_out_of_the_count(client, est):
    report = make_report(est)
    client.force_login(est.reporter)
    response = client.post(reverse("lagesbild:est_dra_tillbaka", args=[report.pk]), follow=True)
    assert "Rapporten är tillbakadragen" in response.content.decode()
    report.refresh_from_db()
    assert report.withdrawn_at is not None
    assert not Handelserapport.objects.current().exists()
    assert report.history.count() == 2


def test_withdrawing_needs_a_post(client, est):
    report = make_report(est)
    client.force_login(est.reporter)
    assert client.get(reverse("lagesbild:est_dra_tillbaka", args=[report.pk])).status_code == 405


def test_the_report_page_reads_as_many_rows_with_one_report_as_with_five(client, est):
    client.force_login(est.reporter)
    make_report(est)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(4):
        make_report(est, plats=est.skolgarden)
    with CaptureQueriesContext(connection) as five:
        response = client.get(URL)
    assert len(response.context["my_reports"]) == 5
    assert len(five.captured_queries) == len(one.captured_queries)
