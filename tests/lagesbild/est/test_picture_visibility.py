"""Nothing of EST reaches a public output: pages, feeds, calendar, open data, sitemap, PDF.

Every EST text carries a marker (ESTMARKÖR-<n>); a published insats in the same district
is the control and must appear, so an empty page cannot pass for a safe one.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from lagesbild.models import EstAtgard, EstPrioritering
from organisation.roles import ANALYTIKER
from tests.factories import AktivitetFactory, InsatsFactory, OrganFactory, UserFactory
from tests.lagesbild.est.picture_data import est_group, kategori, place, report, reporter
from tests.lagesbild.rapport.pdf import pdf_text

CONTROL_INSATS = "Synlig kontrollinsats vid torget"
CONTROL_ACTIVITY = "Synlig trygghetsvandring"
# Matched without the Ö, so an output that escapes it (\u00d6, &Ouml;) is caught too.
MARKER = "estmark"


@pytest.fixture
def planted(db):
    grupp, (omrade,) = est_group("EST Hulta", omrade_names=["Hulta"])
    organ = OrganFactory(name="Polisen", slug="polisen")
    member = reporter(grupp, organ)
    torg = place(omrade, "ESTMARKÖR-1 torget", description="ESTMARKÖR-2")
    for n, day in enumerate([date(2025, 3, 4), date(2025, 11, 18), date(2026, 11, 24)], start=3):
        report(
            grupp,
            omrade,
            day,
            plats=torg,
            kategori=kategori("klotter"),
            organ=organ,
            reporter=member,
            description=f"ESTMARKÖR-{n} klotter",
            source_id=f"ESTMARKÖR-s{n}",
        )
    EstAtgard.objects.create(
        grupp=grupp,
        iso_year=2026,
        iso_week=48,
        omrade=omrade,
        plats=torg,
        text="ESTMARKÖR-10 fältarbete",
        follow_up="ESTMARKÖR-11",
        owner=organ,
    )
    EstPrioritering.objects.create(
        grupp=grupp, year=2026, quarter=4, omrade=omrade, plats=torg, reason="ESTMARKÖR-12"
    )
    control = InsatsFactory(
        published=True, title=CONTROL_INSATS, slug="synlig-kontrollinsats", omraden=[omrade]
    )
    AktivitetFactory(insats=control, title=CONTROL_ACTIVITY, omrade=omrade)
    return grupp, omrade, control, member


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return re.sub(rb"\r\n[ \t]", b"", body).decode("utf-8")


PUBLIC_OUTPUTS = [
    ("samverkan:start", lambda o, c: {}, []),
    ("samverkan:insatser", lambda o, c: {}, [CONTROL_INSATS]),
    ("samverkan:insats", lambda o, c: {"slug": c.slug}, [CONTROL_INSATS]),
    ("samverkan:insats_feed", lambda o, c: {}, [CONTROL_INSATS]),
    ("samverkan:kalender", lambda o, c: {}, [CONTROL_ACTIVITY]),
    ("samverkan:kalender_ics", lambda o, c: {}, [CONTROL_ACTIVITY]),
    ("samverkan:insatser_json", lambda o, c: {}, [CONTROL_INSATS]),
    ("samverkan:insatser_csv", lambda o, c: {}, [CONTROL_INSATS]),
    ("lagesbild:oppna_data", lambda o, c: {}, []),
    ("sitemap", lambda o, c: {}, ["/insatser/synlig-kontrollinsats/"]),
    ("samverkan:omraden", lambda o, c: {}, [">Hulta<"]),
    ("samverkan:omrade", lambda o, c: {"slug": o.slug}, [CONTROL_INSATS, CONTROL_ACTIVITY]),
    (
        "samverkan:samverkansomrade",
        lambda o, c: {"slug": c.samverkansomrade.slug},
        [CONTROL_INSATS],
    ),
    ("lagesbild:public_list", lambda o, c: {}, []),
    ("lagesbild:nyckeltal", lambda o, c: {}, []),
    ("organisation:moten_ics", lambda o, c: {}, []),
    ("organisation:minutes_feed", lambda o, c: {}, []),
]


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), PUBLIC_OUTPUTS, ids=[o[0] for o in PUBLIC_OUTPUTS]
)
def test_no_est_text_reaches_a_public_output(client, planted, viewer, name, kwargs, expected):
    _grupp, omrade, control, member = planted
    if viewer == "member":
        # Public outputs do not depend on who looks: a reporter sees what residents see.
        client.force_login(member)

    response = client.get(reverse(name, kwargs=kwargs(omrade, control)))

    assert response.status_code == 200
    text = _text(response)
    for shown in expected:
        assert shown in text
    assert MARKER not in text.lower()


@pytest.mark.parametrize("year", [2025, 2026])
def test_no_est_text_reaches_the_public_report_pdf(client, planted, year):
    response = client.get(reverse("lagesbild:rapport_public_pdf", kwargs={"year": year}))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Årsuppföljning" in text or str(year) in text
    assert MARKER not in text.lower()


def test_the_planted_markers_are_on_the_groups_own_page(client, planted):
    """The control of the control: the markers are there for those who may read them."""
    grupp = planted[0]
    client.force_login(UserFactory(roles=[ANALYTIKER]))
    html = client.get(
        reverse("lagesbild:est_grupp", kwargs={"slug": grupp.slug}), {"vecka": "2026-W48"}
    ).content.decode()

    assert "ESTMARKÖR-5 klotter" in html
    assert "ESTMARKÖR-10 fältarbete" in html
    assert "ESTMARKÖR-1 torget" in html
