"""Who works where I live: the groups and organisations on an område's page, the organiser and
contact on an activity's page, and breadcrumbs; never an internal group, an EST group or the
organisations of drafts."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.services import StructureError
from samverkan.models import Omrade, Samverkansgrupp
from samverkan.services import DEFAULT_STRUCTURE_FILE, load_structure
from tests.factories import (
    AktivitetFactory,
    InsatsFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
)


@pytest.fixture
def fristad(db):
    omrade = OmradeFactory(name="Fristad", slug="fristad", kind=Omrade.Kind.TATORT)
    ortsrad = SamverkansgruppFactory(
        name="Ortsråd Fristad",
        kind=Samverkansgrupp.Kind.ORTSRAD,
        description="Föreningar och boende i Fristad.",
        contact="Samordnare för ortsråden",
        contact_email="ortsrad@example.org",
        participation="Alla är välkomna till mötena.",
    )
    ortsrad.omraden.add(omrade)
    for name, extra in [
        ("Interngruppmarkor", {"is_public": False}),
        ("Estgruppmarkor", {"kind": Samverkansgrupp.Kind.EST}),
    ]:
        SamverkansgruppFactory(name=name, **extra).omraden.add(omrade)
    InsatsFactory(
        published=True,
        omraden=[omrade],
        responsible=OrganFactory(name="Fritids- och folkhälsonämnden"),
        partners=[OrganFactory(name="Polisen")],
    )
    InsatsFactory(omraden=[omrade], responsible=OrganFactory(name="Utkastorganmarkor"))
    InsatsFactory(
        published=True,
        internal=True,
        omraden=[omrade],
        responsible=OrganFactory(name="Internorganmarkor"),
    )
    return omrade


def _page(client, omrade):
    return client.get(reverse("samverkan:omrade", kwargs={"slug": omrade.slug})).content.decode()


def test_the_area_page_shows_its_ortsrad_with_role_contact_and_how_to_take_part(client, fristad):
    html = _page(client, fristad)

    section = html.split('id="vem-rubrik"', 1)[1]
    assert "Vem arbetar här" in html
    assert "Ortsråd Fristad" in section
    assert "Ortsråd · " in section  # the kind of group, capitalised
    assert "Så deltar du" in section and "Alla är välkomna till mötena." in section
    assert "Samordnare för ortsråden" in section
    assert 'href="mailto:ortsrad@example.org"' in section


def test_the_area_page_names_the_organisations_of_its_public_interventions(client, fristad):
    section = _page(client, fristad).split('id="vem-rubrik"', 1)[1]

    assert "Organisationer som arbetar här" in section
    assert "Fritids- och folkhälsonämnden" in section
    assert "Polisen" in section


def test_the_area_page_never_shows_internal_or_est_groups_or_organisations_of_drafts(
    client, fristad
):
    html = _page(client, fristad)

    for marker in ["Interngruppmarkor", "Estgruppmarkor", "Utkastorganmarkor", "Internorganmarkor"]:
        assert marker not in html, marker


def test_a_group_is_shown_only_where_it_works(client, fristad):
    hulta = OmradeFactory(name="Hulta", slug="hulta")

    html = _page(client, hulta)

    assert "Ortsråd Fristad" not in html
    assert "Inget lokalt nätverk eller ortsråd finns ännu angivet för Hulta." in html


def test_the_area_page_makes_the_same_number_of_queries_however_many_groups(client, fristad):
    with CaptureQueriesContext(connection) as before:
        _page(client, fristad)
    for _index in range(4):
        SamverkansgruppFactory(responsible=OrganFactory()).omraden.add(fristad)
        InsatsFactory(published=True, omraden=[fristad], partners=[OrganFactory()])
    with CaptureQueriesContext(connection) as after:
        _page(client, fristad)

    assert len(after) == len(before)


# --- The activity's page -----------------------------------------------------------------


def test_the_activity_page_names_its_organiser_and_role_contact_and_has_breadcrumbs(client, db):
    grupp = SamverkansgruppFactory(name="Lokala områdesnätverk")
    aktivitet = AktivitetFactory(
        insats=InsatsFactory(
            published=True,
            grupp=grupp,
            samverkansomrade=grupp.samverkansomrade,
            responsible=OrganFactory(name="Fritids- och folkhälsonämnden"),
            title="Trygghetsvandringar",
        )
    )

    html = client.get(aktivitet.get_absolute_url()).content.decode()

    assert "Arrangör" in html
    assert "Lokala områdesnätverk, Fritids- och folkhälsonämnden" in html
    assert "Samordnare för lokal samverkan" in html
    assert 'href="mailto:trygghet@example.org"' in html
    crumbs = html.split('<nav aria-label="Du är här">', 1)[1].split("</nav>", 1)[0]
    assert ">Kalender</a>" in crumbs
    assert f'href="{aktivitet.insats.get_absolute_url()}">Trygghetsvandringar</a>' in crumbs
    assert 'aria-current="page"' in crumbs


def test_the_activity_page_does_not_name_an_internal_group(client, db):
    grupp = SamverkansgruppFactory(name="Interngruppmarkor", is_public=False)
    aktivitet = AktivitetFactory(
        insats=InsatsFactory(published=True, grupp=grupp, samverkansomrade=grupp.samverkansomrade)
    )

    html = client.get(aktivitet.get_absolute_url()).content.decode()

    assert "Interngruppmarkor" not in html
    assert aktivitet.insats.responsible.name in html


@pytest.mark.parametrize(
    "url_name, kwargs",
    [
        ("lagesbild:oppna_data", {}),
        ("samverkan:kalender", {}),
    ],
)
def test_public_pages_have_breadcrumbs_back_home(client, db, url_name, kwargs):
    html = client.get(reverse(url_name, kwargs=kwargs)).content.decode()

    crumbs = html.split('<nav aria-label="Du är här">', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("samverkan:start")}">Startsida</a>' in crumbs


# --- Borås's structure file ------------------------------------------------------------


def test_boras_has_one_ortsrad_per_tatort_shown_on_its_page(client, boras):
    tatorter = Omrade.objects.filter(kind=Omrade.Kind.TATORT)

    assert tatorter.count() == 4
    for tatort in tatorter:
        (ortsrad,) = tatort.public_groups().filter(kind=Samverkansgrupp.Kind.ORTSRAD)
        assert tatort.name in ortsrad.name
        assert ortsrad.contact_email.endswith("@example.org")
        assert ortsrad.name in _page(client, tatort)


def test_boras_names_sspf_publicly(boras):
    assert Samverkansgrupp.objects.public().filter(slug="sspf").exists()


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_STRUCTURE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('omraden = ["dalsjofors"]', 'omraden = ["atlantis"]', "'atlantis'"),
        ('contact_email = "ortsrad@example.org"', 'contact_email = "inte en adress"', "e-post"),
        (
            'participation = "Ortsrådet är öppet',
            'participation = "Ring 19121212-1212. Ortsrådet är öppet',
            "personnummer",
        ),
    ],
)
def test_the_structure_file_refuses_a_wrong_group_place_contact_or_a_personnummer(
    db, tmp_path, old, new, message
):
    with pytest.raises(StructureError) as refused:
        load_structure(path=_variant(tmp_path, old, new))

    assert message in str(refused.value)
    assert not Samverkansgrupp.objects.exists()
