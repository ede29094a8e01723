"""Medborgarlöften: the public tracker shows published promises only, with output and status."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagesbild.demo_loften import load_demo_loften
from lagesbild.loften import lofte_rows
from lagesbild.models import Lofte, Medborgarloften
from lagesbild.rules import medborgarloften_is_public
from tests.factories import (
    AktivitetFactory,
    IndikatorFactory,
    InsatsFactory,
    OmradeFactory,
    UserFactory,
)

YEAR = timezone.localdate().year


def _in_year(days):
    start = timezone.now().replace(month=6, day=1, hour=18, minute=0, second=0, microsecond=0)
    return start + timedelta(days=days)


@pytest.fixture
def omrade(db):
    return OmradeFactory(name="Hulta", slug="hulta")


@pytest.fixture
def loften(omrade):
    loften = Medborgarloften.objects.create(
        year=YEAR,
        omrade=omrade,
        title="Synligt löfte för Hulta",
        summary="Vi lovar tryggare kvällar.",
        published_at=timezone.now(),
    )
    walks = InsatsFactory(published=True, title="Synliga vandringar", omraden=[omrade])
    for days in (0, 10, 20):
        AktivitetFactory(insats=walks, omrade=omrade, starts_at=_in_year(days))
    AktivitetFactory(insats=walks, omrade=omrade, starts_at=_in_year(30), cancelled=True)
    Lofte.objects.create(
        medborgarloften=loften,
        order=1,
        promise="Vi går trygghetsvandringar.",
        planned_output="minst 4 trygghetsvandringar",
        planned_count=4,
        insats=walks,
        status="delvis",
        status_reason="Tre av fyra vandringar genomförda.",
    )
    hidden = InsatsFactory(published=True, internal=True, title="HEMLIGINSATS", omraden=[omrade])
    AktivitetFactory(insats=hidden, omrade=omrade, starts_at=_in_year(5))
    Lofte.objects.create(
        medborgarloften=loften,
        order=2,
        promise="Vi gör något internt.",
        planned_output="2 gånger",
        insats=hidden,
    )
    Medborgarloften.objects.create(year=YEAR - 1, omrade=omrade, title="HEMLIGTUTKAST")
    return loften


def test_the_tracker_counts_the_activities_held_and_shows_the_status_as_word_and_symbol(
    client, loften
):
    page = client.get(f"/medborgarloften/{YEAR}/hulta/").content.decode()

    assert "Synligt löfte för Hulta" in page
    assert "minst 4 trygghetsvandringar" in page
    assert "◐" in page and "Delvis uppfyllt" in page
    assert "Tre av fyra vandringar genomförda." in page
    assert "Synliga vandringar" in page
    assert "Inte bedömt ännu" in page


def test_activities_of_a_cancelled_or_internal_insats_are_not_counted_publicly(loften):
    rows = lofte_rows(loften, public=True)

    assert [row.achieved for row in rows] == [3, 0]
    assert [row.achieved for row in lofte_rows(loften, public=False)] == [3, 1]


def test_nothing_internal_reaches_the_public_tracker_the_list_or_the_district_page(client, loften):
    pages = [
        client.get(url).content.decode()
        for url in ("/medborgarloften/", f"/medborgarloften/{YEAR}/hulta/", "/omraden/hulta/")
    ]

    for page in pages:
        assert "Synligt löfte för Hulta" in page
        assert "HEMLIGINSATS" not in page
        assert "HEMLIGTUTKAST" not in page
    assert client.get(f"/medborgarloften/{YEAR - 1}/hulta/").status_code == 404


def test_the_predicate_and_the_queryset_agree_on_every_set(loften):
    published = set(Medborgarloften.objects.published())

    for row in Medborgarloften.objects.all():
        assert medborgarloften_is_public(row) == (row in published)


def test_a_personnummer_in_a_promise_of_a_published_set_is_refused(loften):
    with pytest.raises(ValidationError):
        Lofte.objects.create(
            medborgarloften=loften, promise="Kontakt 19811218-9876", planned_output="1"
        )


def test_a_status_needs_a_reason_and_an_indicator_needs_a_target(loften):
    lofte = Lofte(medborgarloften=loften, promise="P", planned_output="1", status="uppfyllt")
    indikator = IndikatorFactory()

    with pytest.raises(ValidationError) as refused:
        lofte.full_clean()
    assert "status_reason" in refused.value.message_dict

    lofte = Lofte(medborgarloften=loften, promise="P", planned_output="1", indikator=indikator)
    with pytest.raises(ValidationError) as refused:
        lofte.full_clean()
    assert "target" in refused.value.message_dict


def test_who_set_a_status_and_when_is_stamped_only_when_it_changes(loften):
    lofte = loften.loften.get(order=1)
    analyst = UserFactory()

    lofte.stamp_status(analyst, previous="delvis", previous_reason=lofte.status_reason)
    assert lofte.status_set_by is None

    lofte.status = "uppfyllt"
    lofte.stamp_status(analyst, previous="delvis", previous_reason=lofte.status_reason)
    assert lofte.status_set_by == analyst
    assert lofte.status_set_at is not None


def test_the_demo_promises_are_example_data_and_loading_twice_changes_nothing(db):
    from lagesbild.demo_omraden import load_demo_omraden
    from samverkan.services import load_structure

    load_structure()
    load_demo_omraden()
    load_demo_loften()
    first = Lofte.objects.count()
    load_demo_loften()

    assert first == Lofte.objects.count() == 4
    assert all(loften.is_example for loften in Medborgarloften.objects.all())
    hulta = Medborgarloften.objects.get(omrade__slug="hulta")
    assert hulta.loften.get(order=0).target == Decimal("38.0")


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the kommun and the templates warmed up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_tracker_and_the_list_take_as_many_queries_with_more_sets_and_promises(client, loften):
    from django.urls import reverse

    detail = reverse("lagesbild:medborgarloften", kwargs={"year": YEAR, "slug": "hulta"})
    listing = reverse("lagesbild:medborgarloften_list")
    few = (_queries(client, detail), _queries(client, listing))
    for n in range(3, 8):
        Lofte.objects.create(
            medborgarloften=loften, order=n, promise=f"Löfte {n}.", planned_output="1 gång"
        )
    for n in range(3):
        other = OmradeFactory(name=f"Område {n}", slug=f"omrade-{n}")
        extra = Medborgarloften.objects.create(
            year=YEAR, omrade=other, title=f"Löften {n}", published_at=timezone.now()
        )
        Lofte.objects.create(
            medborgarloften=extra, order=1, promise="Vi lovar.", planned_output="1 gång"
        )

    assert (_queries(client, detail), _queries(client, listing)) == few
