"""Reporting from a phone at 375 px, online and with the connection cut in a tunnel."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lagesbild.models import Handelserapport
from tests.e2e.test_accessibility import serious_violations
from tests.factories import OmradeFactory
from tests.lagesbild.est.rapport_setup import make_est

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "korrekt-hast-batteri"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    page.foreign_requests = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != own_host:
            page.foreign_requests.append(request.url)

    page.on("request", record)
    yield context, page
    context.close()


@pytest.fixture
def est(transactional_db):
    return make_est()


def open_form(page, live_server, est):
    page.goto(live_server.url + reverse("lagesbild:est_rapportera"))
    page.get_by_label("Användarnamn").fill(est.reporter.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/est/rapportera/")
    # The script has given the form its sending key.
    page.wait_for_function("document.querySelector('[name=client_key]').value.length === 36")


def fill_report(page):
    page.get_by_label("Plats", exact=True).select_option(label="Hulta torg (Hulta)")
    page.get_by_label("Kategori").select_option(label="Klotter")
    page.get_by_label("Antal personer").select_option(label="3–5 personer")
    page.get_by_label("Vad som hände").fill("Nytt klotter på väggen mot parkeringen.")


def test_a_reporter_sends_a_report_from_a_phone(phone, live_server, est):
    _context, page = phone
    open_form(page, live_server, est)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []

    fill_report(page)
    page.get_by_role("button", name="Skicka rapporten").click()

    page.wait_for_url("**/arbetsyta/est/rapporter/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapporten är mottagen"
    assert page.get_by_role("link", name="Rapportera en till").is_visible()
    report = Handelserapport.objects.get()
    assert (report.plats, report.organ, report.people) == (est.torget, est.polisen, "3-5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []
    assert page.foreign_requests == []


def test_a_report_made_without_connection_is_sent_once_when_it_returns(phone, live_server, est):
    context, page = phone
    open_form(page, live_server, est)

    context.set_offline(True)
    fill_report(page)
    page.get_by_role("button", name="Skicka rapporten").click()

    notice = page.locator("#est-notice")
    notice.get_by_text("Ingen anslutning: rapporten är sparad i telefonen").wait_for()
    assert not Handelserapport.objects.exists()

    context.set_offline(False)
    notice.get_by_text("Den sparade rapporten är skickad.").wait_for()
    page.reload()
    assert Handelserapport.objects.count() == 1
    assert Handelserapport.objects.get().description == "Nytt klotter på väggen mot parkeringen."


def test_what_was_typed_survives_a_reload(phone, live_server, est):
    _context, page = phone
    open_form(page, live_server, est)
    page.get_by_label("Vad som hände").fill("Trasig belysning i gångtunneln.")
    page.reload()
    assert page.get_by_label("Vad som hände").input_value() == "Trasig belysning i gångtunneln."


def test_only_the_chosen_districts_places_are_offered(phone, live_server, est):
    est.grupp.omraden.add(OmradeFactory(name="Byttorp"))
    _context, page = phone
    open_form(page, live_server, est)
    page.get_by_label("Område").select_option(label="Byttorp")
    torget = page.locator("#id_plats option", has_text="Hulta torg")
    assert torget.evaluate("option => option.disabled")
    page.get_by_label("Område").select_option(label="Hulta")
    assert not torget.evaluate("option => option.disabled")
