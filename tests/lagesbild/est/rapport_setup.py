"""People and places for the EST reporting tests: two EST groups, each with its district.

Plain functions rather than fixtures, so the other EST test modules' conftest stays theirs.
"""

from dataclasses import dataclass
from datetime import date

from lagesbild.models import EstPlats, Handelsekategori, Handelserapport
from organisation.models import Organtillhorighet
from organisation.roles import COORDINATOR_ROLE, TJANSTEPERSON
from samverkan.models import Samverkansgrupp
from tests.factories import (
    GruppmedlemskapFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)


@dataclass
class Est:
    grupp: Samverkansgrupp
    other_grupp: Samverkansgrupp
    hulta: object
    torget: EstPlats
    skolgarden: EstPlats
    klotter: Handelsekategori
    polisen: object
    reporter: object
    colleague: object
    coordinator: object


def est_group(name, slug, omrade, area=None):
    grupp = SamverkansgruppFactory(
        name=name,
        slug=slug,
        kind=Samverkansgrupp.Kind.EST,
        is_public=False,
        **({"samverkansomrade": area} if area else {}),
    )
    grupp.omraden.add(omrade)
    return grupp


def reporter_in(grupp, username, organ=None):
    user = UserFactory(username=username, roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=grupp)
    if organ is not None:
        Organtillhorighet.objects.create(user=user, organ=organ)
    return user


def make_est() -> Est:
    area = SamverkansomradeFactory(name="Trygghet i Hulta", slug="trygghet-i-hulta")
    hulta = OmradeFactory(name="Hulta", slug="hulta")
    grupp = est_group("EST Hulta", "est-hulta", hulta, area)
    other = est_group("EST Hässleholmen", "est-hassleholmen", OmradeFactory(name="Hässleholmen"))
    polisen = OrganFactory(name="Polisen Borås", slug="polisen-boras")
    coordinator = UserFactory(username="est-samordnare", roles=[COORDINATOR_ROLE])
    area.coordinators.add(coordinator)
    klotter, _ = Handelsekategori.objects.get_or_create(
        slug="klotter", defaults={"name": "Klotter", "order": 2}
    )
    return Est(
        grupp=grupp,
        other_grupp=other,
        hulta=hulta,
        torget=EstPlats.objects.create(omrade=hulta, name="Hulta torg"),
        skolgarden=EstPlats.objects.create(omrade=hulta, name="Skolgården"),
        klotter=klotter,
        polisen=polisen,
        reporter=reporter_in(grupp, "faltpolis", polisen),
        colleague=reporter_in(grupp, "kollega", polisen),
        coordinator=coordinator,
    )


def report_data(est: Est, **changes) -> dict:
    data = {
        "grupp": est.grupp.pk,
        "omrade": est.hulta.pk,
        "plats": est.torget.pk,
        "new_place": "",
        "kategori": est.klotter.pk,
        "occurred_on": "2026-03-10",
        "occurred_at": "21:15",
        "part_of_day": "",
        "people": "3-5",
        "description": "Nytt klotter på väggen mot parkeringen.",
        "client_key": "",
    }
    data.update(changes)
    return data


def make_report(est: Est, **fields) -> Handelserapport:
    values = {
        "grupp": est.grupp,
        "omrade": est.hulta,
        "plats": est.torget,
        "kategori": est.klotter,
        "occurred_on": date(2026, 3, 10),
        "organ": est.polisen,
        "reporter": est.reporter,
    }
    values.update(fields)
    report = Handelserapport(**values)
    report.save()
    return report
