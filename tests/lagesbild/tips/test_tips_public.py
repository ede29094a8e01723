"""What residents see of tips: counts per district and quarter, never a tip itself."""

import pytest
from django.urls import reverse

from lagesbild.models import Tips, Tipsarende

pytestmark = pytest.mark.django_db

MARKERS = {
    "place": "Markörplatsgatan",
    "text": "Markörtexten om buskaget",
    "e-mail": "markor-kontakt@example.org",
}


def _tips(omrade, count, *, kategori="dalig-belysning", status="ny", place="plats"):
    from django.utils import timezone

    closed = None if status in ("ny", "hanteras") else timezone.now()
    arende = Tipsarende.objects.create(
        omrade=omrade, kategori=kategori, place_key=place, status=status, closed_at=closed
    )
    for _n in range(count):
        Tips.objects.create(
            arende=arende,
            omrade=omrade,
            kategori=kategori,
            place=MARKERS["place"],
            text=MARKERS["text"],
            contact_email=MARKERS["e-mail"],
            consent_at=arende.last_tip_at,
        )
    return arende


def test_the_district_page_shows_counts_and_rounds_small_ones_off(client, hulta):
    _tips(hulta, 4, status="klar")
    _tips(hulta, 1, kategori="klotter-skadegorelse", place="tunneln")

    page = client.get(reverse("samverkan:omrade", args=[hulta.slug])).content.decode()

    assert "Invånarnas tips om otrygga platser" in page
    assert "<td>4</td>" in page  # dålig belysning: 4 tips, 4 åtgärdade
    assert "färre än 3" in page  # klotter: 1 tip
    assert "Klotter eller skadegörelse" in page


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("samverkan:omrade", lambda o: {"slug": o.slug}),
        ("samverkan:omraden", lambda o: {}),
        ("samverkan:start", lambda o: {}),
        ("samverkan:insatser", lambda o: {}),
        ("samverkan:insats_feed", lambda o: {}),
        ("samverkan:kalender", lambda o: {}),
        ("samverkan:kalender_ics", lambda o: {}),
        ("samverkan:insatser_json", lambda o: {}),
        ("samverkan:insatser_csv", lambda o: {}),
        ("lagesbild:oppna_data", lambda o: {}),
        ("lagesbild:public_list", lambda o: {}),
        ("lagesbild:nyckeltal", lambda o: {}),
        ("lagesbild:tips", lambda o: {}),
        ("sitemap", lambda o: {}),
    ],
)
def test_no_tip_text_place_or_contact_reaches_a_public_output(client, hulta, name, kwargs):
    _tips(hulta, 5)

    response = client.get(reverse(name, kwargs=kwargs(hulta)))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    leaked = [what for what, marker in MARKERS.items() if marker.lower() in text.lower()]
    assert leaked == []
    if name == "samverkan:omrade":
        assert "<td>5</td>" in text  # the control: the counts are there


def test_the_public_report_has_no_tip(client, hulta):
    from django.utils import timezone

    from tests.lagesbild.rapport.pdf import read_pdf

    _tips(hulta, 5)
    year = timezone.localdate().year

    response = client.get(reverse("lagesbild:rapport_public_pdf", args=[year]))

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in read_pdf(body).pages)
    assert str(year) in text  # the control: the report's text is read
    leaked = [what for what, marker in MARKERS.items() if marker.lower() in text.lower()]
    assert leaked == []


@pytest.mark.parametrize("count", [3, 30])
def test_the_public_counts_take_the_same_queries_for_few_and_many_tips(
    client, hulta, count, django_assert_max_num_queries
):
    _tips(hulta, count)
    _tips(hulta, count, kategori="nedskrapning", place="parken", status="vidare")

    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("samverkan:omrade", args=[hulta.slug]))
    tips_queries = [q for q in captured.captured_queries if "lagesbild_tips" in q["sql"]]
    assert len(tips_queries) == 1
