"""EST in the access layer: field staff see their own groups' EST and nothing else.

A partner's reporter (Polisen, AB Bostäder) is a member of an EST group only; that must
not open the insatser, lägesbilder or other groups of the samverkansområde to them.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lagesbild.models import Handelsekategori, Handelserapport, Lagesbild
from lagesbild.rules import readable_est_groups_q
from organisation import roles
from samverkan.models import Insats, Samverkansgrupp
from tests.factories import (
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)


@pytest.fixture
def area(db):
    return SamverkansomradeFactory(name="Lokal samverkan")


@pytest.fixture
def hulta(db):
    return OmradeFactory(name="Hulta")


@pytest.fixture
def est_hulta(area, hulta):
    group = SamverkansgruppFactory(samverkansomrade=area, name="EST Hulta", kind="est")
    group.omraden.add(hulta)
    return group


@pytest.fixture
def est_other(area):
    return SamverkansgruppFactory(samverkansomrade=area, name="EST Hässleholmen", kind="est")


@pytest.fixture
def reporter(est_hulta):
    user = UserFactory(username="polis", roles=[roles.TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=est_hulta)
    return user


def _report(group, omrade, *, reporter=None, created_at=None, **changes):
    values = {
        "grupp": group,
        "omrade": omrade,
        "occurred_on": timezone.localdate(),
        "kategori": Handelsekategori.objects.get(slug="klotter"),
        "organ": OrganFactory(),
        "reporter": reporter,
    } | changes
    report = Handelserapport.objects.create(**values)
    if created_at:
        Handelserapport.objects.filter(pk=report.pk).update(created_at=created_at)
        report.refresh_from_db()
    return report


def test_a_reporter_reads_their_own_est_group_and_no_other(reporter, est_hulta, est_other, hulta):
    own = _report(est_hulta, hulta)
    other = _report(est_other, hulta)

    assert reporter.has_perm("lagesbild.view_est_group", est_hulta)
    assert not reporter.has_perm("lagesbild.view_est_group", est_other)
    assert reporter.has_perm("lagesbild.report_est")
    assert list(Samverkansgrupp.objects.filter(readable_est_groups_q(reporter))) == [est_hulta]
    assert list(Handelserapport.objects.visible_to(reporter)) == [own]
    assert reporter.has_perm("lagesbild.view_handelserapport", own)
    assert not reporter.has_perm("lagesbild.view_handelserapport", other)


def test_an_est_membership_gives_no_insats_and_no_lagesbild_of_the_area(reporter, area, est_hulta):
    InsatsFactory(samverkansomrade=area, title="Utkast i området")
    LagesbildFactory(scope="samverkansomrade", samverkansomrade=area)

    assert not reporter.has_perm("samverkan.create_insats")
    assert list(Insats.objects.visible_to(reporter)) == []
    assert list(Lagesbild.objects.visible_to(reporter)) == []
    assert not Samverkansgrupp.objects.editable_by(reporter).exists()


def test_an_est_group_cannot_run_an_insats_even_for_an_administrator(est_hulta):
    admin = UserFactory(username="admin", roles=[roles.ADMINISTRATOR])

    assert est_hulta not in Samverkansgrupp.objects.editable_by(admin)


def test_analysts_and_administrators_read_every_est_group(est_hulta, est_other, hulta):
    _report(est_other, hulta)
    for user in [
        UserFactory(username="analytiker", roles=[roles.ANALYTIKER]),
        UserFactory(username="admin", roles=[roles.ADMINISTRATOR]),
    ]:
        assert set(Samverkansgrupp.objects.filter(readable_est_groups_q(user))) == {
            est_hulta,
            est_other,
        }
        assert Handelserapport.objects.visible_to(user).count() == 1
    assert not Samverkansgrupp.objects.filter(readable_est_groups_q(AnonymousUser())).exists()
    assert not Handelserapport.objects.visible_to(AnonymousUser()).exists()


def test_a_reporter_corrects_their_own_report_in_the_same_week_only(reporter, est_hulta, hulta):
    this_week = _report(est_hulta, hulta, reporter=reporter)
    last_week = _report(
        est_hulta,
        hulta,
        reporter=reporter,
        occurred_on=timezone.localdate() - timedelta(days=8),
        created_at=timezone.now() - timedelta(days=8),
    )
    someone_elses = _report(est_hulta, hulta, reporter=UserFactory(username="annan"))

    assert reporter.has_perm("lagesbild.change_handelserapport", this_week)
    assert not reporter.has_perm("lagesbild.change_handelserapport", last_week)
    assert not reporter.has_perm("lagesbild.change_handelserapport", someone_elses)
    this_week.withdrawn_at = timezone.now()
    assert not reporter.has_perm("lagesbild.change_handelserapport", this_week)
    assert not reporter.has_perm("lagesbild.change_handelserapport", None)


def test_the_areas_coordinator_approves_places_and_the_group_keeps_its_week(
    reporter, area, est_hulta, est_other
):
    coordinator = UserFactory(username="samordnare", roles=[roles.COORDINATOR_ROLE])
    area.coordinators.add(coordinator)

    assert coordinator.has_perm("lagesbild.coordinate_est_group", est_hulta)
    assert not reporter.has_perm("lagesbild.coordinate_est_group", est_hulta)
    assert reporter.has_perm("lagesbild.keep_est_group", est_hulta)
    assert not reporter.has_perm("lagesbild.keep_est_group", est_other)
    assert not coordinator.has_perm("lagesbild.coordinate_est_group", None)
    assert not reporter.has_perm("lagesbild.view_est_group", None)


def test_a_report_belongs_to_the_iso_week_of_its_day_in_swedish_time(est_hulta, hulta):
    new_year = _report(est_hulta, hulta, occurred_on=timezone.datetime(2024, 12, 31).date())
    week_53 = _report(est_hulta, hulta, occurred_on=timezone.datetime(2026, 12, 31).date())

    assert (new_year.iso_year, new_year.iso_week) == (2025, 1)
    assert new_year.week_label == "2025 v01"
    assert (week_53.iso_year, week_53.iso_week) == (2026, 53)


def test_an_est_group_is_never_named_on_the_public_pages_even_if_marked_public(client, area):
    SamverkansgruppFactory(samverkansomrade=area, name="EST Ugglan", kind="est", is_public=True)
    SamverkansgruppFactory(samverkansomrade=area, name="Områdesnätverk Hulta", is_public=True)

    page = client.get(area.get_absolute_url()).content.decode()
    organisation = client.get("/organisation/").content.decode()

    assert "Områdesnätverk Hulta" in page
    assert "Ugglan" not in page
    assert "Ugglan" not in organisation
