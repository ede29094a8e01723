"""A resident sends a tip without an account, and follows it on a private page."""

import pytest
from django.urls import reverse

from lagesbild.models import Tips, Tipsarende
from organisation.models import Kommun
from tests.lagesbild.tips.conftest import tip_data

pytestmark = pytest.mark.django_db


def test_a_good_tip_is_received_with_a_reference_and_a_private_status_link(client, hulta, send_tip):
    response = send_tip(hulta)

    tip = Tips.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lagesbild:tips_kvitto", args=[tip.status_token])
    receipt = client.get(response["Location"]).content.decode()
    assert tip.reference in receipt
    assert reverse("lagesbild:tips_status", args=[tip.status_token]) in receipt
    assert "aldrig" in receipt  # "Det publiceras aldrig."
    assert tip.times_of_day == "kvall,natt" and tip.days == "helg"
    assert tip.arende.status == Tipsarende.Status.NY


def test_the_status_page_says_received_and_later_shows_the_kommuns_answer(client, hulta, send_tip):
    send_tip(hulta)
    tip = Tips.objects.get()
    url = reverse("lagesbild:tips_status", args=[tip.status_token])
    assert "Mottaget" in client.get(url).content.decode()

    arende = tip.arende
    arende.status = Tipsarende.Status.KLAR
    arende.answer = "Belysningen längs gångvägen har lagats."
    arende.closed_at = arende.last_tip_at
    arende.save()

    page = client.get(url).content.decode()
    assert "Klart" in page
    assert "Belysningen längs gångvägen har lagats." in page


def test_a_wrong_or_short_status_token_finds_nothing(client, hulta, send_tip):
    send_tip(hulta)
    token = Tips.objects.get().status_token

    assert client.get(reverse("lagesbild:tips_status", args=["x" * 43])).status_code == 404
    assert client.get(reverse("lagesbild:tips_status", args=[token[:10]])).status_code == 404


def test_a_personnummer_in_the_text_is_refused_with_a_clear_message(client, hulta, send_tip):
    response = send_tip(hulta, text="Han som bor där heter 19121212-1212.")

    assert response.status_code == 400
    assert Tips.objects.count() == 0
    page = response.content.decode()
    assert "personnummer" in page
    assert "aldrig om personer" in page


def test_an_e_mail_without_consent_is_refused(client, hulta, send_tip):
    response = send_tip(hulta, contact_email="boende@example.org")

    assert response.status_code == 400
    assert Tips.objects.count() == 0
    assert "Kryssa i rutan" in response.content.decode()


def test_an_e_mail_with_consent_is_kept_with_the_time_of_consent(hulta, send_tip):
    send_tip(hulta, contact_email="boende@example.org", consent="on")

    tip = Tips.objects.get()
    assert tip.contact_email == "boende@example.org"
    assert tip.consent_at is not None


def test_no_address_or_browser_data_is_stored_with_the_tip(client, hulta):
    client.post(
        reverse("lagesbild:tips"),
        tip_data(hulta),
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Markörwebbläsare/1.0",
    )

    tip = Tips.objects.get()
    stored = " ".join(str(getattr(tip, f.attname)) for f in Tips._meta.concrete_fields)
    assert "203.0.113.77" not in stored
    assert "Markörwebbläsare" not in stored


def test_the_form_links_to_the_kommuns_fault_reporting_and_says_who_reads_the_tip(client, db):
    Kommun.objects.create(
        name="Borås Stad", code="1490", fault_report_url="https://felanmalan.example.org/"
    )

    page = client.get(reverse("lagesbild:tips")).content.decode()

    assert 'href="https://felanmalan.example.org/"' in page
    assert "publiceras aldrig" in page
    assert "namnge" in page or "Namnge" in page


def test_the_structure_file_names_the_receivers_and_the_fault_reporting_address(boras):
    from samverkan.models import Samverkansomrade

    assert list(
        Samverkansomrade.objects.filter(receives_tips=True).values_list("slug", flat=True)
    ) == ["trygga-miljoer"]
    assert Kommun.objects.get().fault_report_url.startswith("https://")


def test_tips_about_the_same_place_and_category_within_30_days_are_one_case(hulta, send_tip):
    send_tip(hulta)
    send_tip(hulta, place="gångvägen mot  Pickesjön!")
    send_tip(hulta, kategori="klotter-skadegorelse")
    send_tip(hulta, place="Hulta torg")

    counts = sorted(Tipsarende.objects.values_list("tips__arende").distinct())
    assert len(counts) == 3
    biggest = max(Tipsarende.objects.all(), key=lambda a: a.tips.count())
    assert biggest.tips.count() == 2


def test_a_tip_after_30_days_starts_a_new_case(hulta, send_tip):
    from datetime import timedelta

    send_tip(hulta)
    Tipsarende.objects.update(last_tip_at=Tipsarende.objects.get().last_tip_at - timedelta(days=31))
    send_tip(hulta)

    assert Tipsarende.objects.count() == 2
