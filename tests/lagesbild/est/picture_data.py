"""EST groups, places and reports for the weekly picture's tests.

Plain functions rather than shared fixtures, so the reporting and import tests beside these
can keep their own conftest.
"""

from datetime import date, time
from types import SimpleNamespace

from lagesbild.models import EstPlats, Handelsekategori, Handelserapport
from organisation.models import Organtillhorighet
from samverkan.models import Samverkansgrupp
from tests.factories import (
    GruppmedlemskapFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)


def est_group(name, *, omrade_names, area=None, **kwargs):
    grupp = SamverkansgruppFactory(
        name=name,
        kind=Samverkansgrupp.Kind.EST,
        is_public=False,
        samverkansomrade=area or SamverkansomradeFactory(),
        **kwargs,
    )
    omraden = [OmradeFactory(name=n) for n in omrade_names]
    grupp.omraden.set(omraden)
    return grupp, omraden


def place(omrade, name, **kwargs):
    return EstPlats.objects.create(omrade=omrade, name=name, **kwargs)


def reporter(grupp, organ, username=None):
    user = UserFactory(**({"username": username} if username else {}))
    GruppmedlemskapFactory(user=user, grupp=grupp)
    Organtillhorighet.objects.create(user=user, organ=organ)
    return user


def kategori(slug):
    """One of the categories the migration seeds (skadegorelse, klotter …)."""
    return Handelsekategori.objects.get(slug=slug)


def report(grupp, omrade, on: date, *, kategori, organ, plats=None, at=None, **kwargs):
    return Handelserapport.objects.create(
        grupp=grupp,
        omrade=omrade,
        plats=plats,
        occurred_on=on,
        occurred_at=at,
        kategori=kategori,
        organ=organ,
        **kwargs,
    )


def hulta(db_area=None):
    """Hulta's EST group with two places, a member from Polisen, and another group."""
    grupp, (omrade,) = est_group("EST Hulta", omrade_names=["Hulta"], area=db_area)
    other, (other_omrade,) = est_group("EST Hässleholmen", omrade_names=["Hässleholmen"])
    polisen = OrganFactory(name="Polisen", slug="polisen")
    return SimpleNamespace(
        grupp=grupp,
        omrade=omrade,
        torg=place(omrade, "Hulta torg"),
        tunnel=place(omrade, "Gångtunneln vid skolan"),
        other=other,
        other_omrade=other_omrade,
        other_place=place(other_omrade, "Hässleholmens centrum"),
        polisen=polisen,
        member=reporter(grupp, polisen, "est-hulta"),
        other_member=reporter(other, polisen, "est-hassleholmen"),
    )


SUNDAY_LATE = time(23, 30)
