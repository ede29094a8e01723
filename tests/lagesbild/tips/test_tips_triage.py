"""The receivers triage tips: who sees them, answers, e-mail, EST reports, evidence, retention."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from lagesbild.models import Handelserapport, Tips, Tipsarende
from lagesbild.tips_services import prune_tips
from organisation.models import Organtillhorighet
from tests.factories import LagesbildFactory, ProblemFactory
from tests.lagesbild.tips.conftest import tip_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tip_in_hulta(hulta, send_tip):
    send_tip(hulta, contact_email="boende@example.org", consent="on")
    return Tips.objects.get()


@pytest.fixture
def tip_in_norrby(norrby, send_tip):
    send_tip(norrby, place="Norrby torg", text="Markörtext Norrby")
    return Tips.objects.get(omrade=norrby)


def test_the_receiving_areas_coordinator_sees_every_tip(
    client, receiver, tip_in_hulta, tip_in_norrby
):
    client.force_login(receiver)

    page = client.get(reverse("lagesbild:tips_inbox")).content.decode()

    assert "pickesjön" in page and "norrby torg" in page


def test_the_est_group_sees_its_districts_tips_only(
    client, est_member, tip_in_hulta, tip_in_norrby
):
    client.force_login(est_member)

    page = client.get(reverse("lagesbild:tips_inbox")).content.decode()

    assert "pickesjön" in page
    assert "norrby torg" not in page
    other = client.get(reverse("lagesbild:tips_arende", args=[tip_in_norrby.arende_id]))
    assert other.status_code == 404


def test_analysts_and_other_officials_do_not_read_tips(client, analyst, tip_in_hulta):
    client.force_login(analyst)

    assert client.get(reverse("lagesbild:tips_inbox")).status_code == 403
    assert (
        client.get(reverse("lagesbild:tips_arende", args=[tip_in_hulta.arende_id])).status_code
        == 404
    )


def test_closing_a_case_replies_by_e_mail_and_deletes_the_contact(client, receiver, tip_in_hulta):
    client.force_login(receiver)

    response = client.post(
        reverse("lagesbild:tips_arende", args=[tip_in_hulta.arende_id]),
        {"status": "klar", "answer": "Belysningen är lagad.", "rejection_reason": ""},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boende@example.org"]
    assert "Belysningen är lagad." in message.body
    assert tip_in_hulta.status_token in message.body
    tip_in_hulta.refresh_from_db()
    assert tip_in_hulta.contact_email == "" and tip_in_hulta.consent_at is None
    assert tip_in_hulta.arende.closed_at is not None


def test_an_answer_with_a_personnummer_is_refused(client, receiver, tip_in_hulta):
    client.force_login(receiver)

    response = client.post(
        reverse("lagesbild:tips_arende", args=[tip_in_hulta.arende_id]),
        {"status": "klar", "answer": "Kontakta 19121212-1212.", "rejection_reason": ""},
    )

    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    assert len(mail.outbox) == 0
    assert Tipsarende.objects.get().status == "ny"


def test_rejecting_needs_a_reason(client, receiver, tip_in_hulta):
    client.force_login(receiver)

    response = client.post(
        reverse("lagesbild:tips_arende", args=[tip_in_hulta.arende_id]),
        {"status": "avvisad", "answer": "", "rejection_reason": ""},
    )

    assert response.status_code == 200
    assert Tipsarende.objects.get().status == "ny"


def test_a_note_stays_internal(client, receiver, tip_in_hulta):
    client.force_login(receiver)
    url = reverse("lagesbild:tips_arende", args=[tip_in_hulta.arende_id])

    client.post(url, {"note": "1", "text": "Markörnotering: ringt gatukontoret"})

    assert "Markörnotering" in client.get(url).content.decode()
    client.logout()
    status = client.get(reverse("lagesbild:tips_status", args=[tip_in_hulta.status_token]))
    assert "Markörnotering" not in status.content.decode()


def test_a_case_becomes_an_est_report_and_the_resident_is_told(
    client, est_member, est_hulta, tip_in_hulta
):
    Organtillhorighet.objects.create(
        user=est_member, organ=est_hulta.samverkansomrade.coordinating_body
    )
    client.force_login(est_member)

    client.post(
        reverse("lagesbild:tips_est", args=[tip_in_hulta.arende_id]), {"grupp": est_hulta.pk}
    )

    report = Handelserapport.objects.get()
    assert report.omrade == tip_in_hulta.omrade
    assert report.kategori.slug == "otrygg-plats"
    assert "Pickesjön" in report.description
    client.logout()
    page = client.get(reverse("lagesbild:tips_status", args=[tip_in_hulta.status_token]))
    assert "EST-grupp" in page.content.decode()


def test_a_case_cited_on_a_lagesbild_problem_says_so_on_the_status_page(
    client, administrator, tip_in_hulta
):
    problem = ProblemFactory(lagesbild=LagesbildFactory())
    client.force_login(administrator)

    client.post(
        reverse("lagesbild:tips_underlag", args=[tip_in_hulta.arende_id]), {"problem": problem.pk}
    )

    assert list(tip_in_hulta.arende.problems.all()) == [problem]
    client.logout()
    page = client.get(reverse("lagesbild:tips_status", args=[tip_in_hulta.status_token]))
    assert "ingår i underlaget för lägesbilden" in page.content.decode()


def test_contact_data_goes_after_90_days_and_tips_after_the_retention_time(
    hulta, send_tip, settings
):
    settings.TIPS_RETENTION_DAYS = 730
    send_tip(hulta, contact_email="gammal@example.org", consent="on", place="Gammal plats")
    send_tip(hulta, contact_email="ny@example.org", consent="on", place="Ny plats")
    old = Tips.objects.get(place="Gammal plats")
    Tips.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))

    summary = prune_tips()

    assert summary.contacts_forgotten == 1
    assert Tips.objects.get(place="Gammal plats").contact_email == ""
    assert Tips.objects.get(place="Ny plats").contact_email == "ny@example.org"

    Tips.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=731))
    call_command("prune_tips", stdout=io.StringIO())

    assert list(Tips.objects.values_list("place", flat=True)) == ["Ny plats"]
    assert Tipsarende.objects.count() == 1


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Markörkamera"  # Make
    exif[0x0132] = "2026:05:01 22:10:00"  # DateTime
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_stored_without_exif_and_only_receivers_see_it(client, hulta, receiver, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = tip_data(hulta)
    data["photo"] = SimpleUploadedFile("plats.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(reverse("lagesbild:tips"), data).status_code == 302
    tip = Tips.objects.get()
    with tip.photo.open("rb") as stored:
        content = stored.read()
    assert "Markörkamera".encode() not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()

    url = reverse("lagesbild:tips_bild", args=[tip.pk])
    client.force_login(analyst)
    assert client.get(url).status_code == 404
    client.force_login(receiver)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_photo_that_is_not_an_image_is_refused(client, hulta):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = tip_data(hulta)
    data["photo"] = SimpleUploadedFile("plats.jpg", b"<html><script>", content_type="image/jpeg")

    response = client.post(reverse("lagesbild:tips"), data)

    assert response.status_code == 400
    assert Tips.objects.count() == 0


def _inbox_queries(client, hulta, cases) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(cases):
        arende = Tipsarende.objects.create(omrade=hulta, kategori="annat", place_key=f"p{n}")
        for _m in range(3):
            Tips.objects.create(arende=arende, omrade=hulta, place=f"P {n}", kategori="annat")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("lagesbild:tips_inbox"))
    assert response.status_code == 200
    assert response.content.decode().count("/arbetsyta/tips/") >= Tipsarende.objects.count()
    return len(captured.captured_queries)


def test_the_inbox_takes_the_same_queries_for_few_and_many_tips(client, receiver, hulta):
    client.force_login(receiver)
    client.get(reverse("lagesbild:tips_inbox"))

    few = _inbox_queries(client, hulta, 2)
    many = _inbox_queries(client, hulta, 10)

    assert few == many
