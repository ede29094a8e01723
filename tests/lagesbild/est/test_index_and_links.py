"""The EST list: its queries stay the same however many groups and reports there are, and
it and the weekly page lead to import and export only those the rules let use them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.roles import ADMINISTRATOR, ANALYTIKER
from tests.factories import GruppmedlemskapFactory, UserFactory
from tests.lagesbild.est.picture_data import est_group, hulta, kategori, place, report

INDEX = reverse("lagesbild:est")


@pytest.fixture
def est(db):
    return hulta()


def _group_with_reports(n, member, organ):
    grupp, (omrade,) = est_group(
        f"EST Grupp {n}", omrade_names=[f"Område {n}"], slug=f"est-grupp-{n}"
    )
    torg = place(omrade, f"Torget {n}")
    for day in range(1, 6):
        report(
            grupp,
            omrade,
            date(2026, 11, day),
            plats=torg,
            kategori=kategori("klotter"),
            organ=organ,
        )
    GruppmedlemskapFactory(user=member, grupp=grupp)
    return grupp


@pytest.mark.parametrize("viewer", ["member", "administrator"])
def test_the_est_list_makes_as_many_queries_for_ten_groups_as_for_one(
    client, est, django_assert_num_queries, viewer
):
    user = est.member if viewer == "member" else UserFactory(roles=[ADMINISTRATOR])
    client.force_login(user)
    client.get(INDEX)  # warm per-process caches
    with CaptureQueriesContext(connection) as small:
        response = client.get(INDEX)
    assert response.status_code == 200
    for n in range(10):
        _group_with_reports(n, est.member, est.polisen)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(INDEX)

    html = response.content.decode()
    for n in range(10):
        assert f'href="{reverse("lagesbild:est_grupp", kwargs={"slug": f"est-grupp-{n}"})}"' in html
    assert "Område 9" in html


def _links(client, user, url, slug):
    client.force_login(user)
    html = client.get(url).content.decode()
    return (
        f'href="{reverse("lagesbild:est_import", kwargs={"slug": slug})}"' in html,
        f'href="{reverse("lagesbild:est_export", kwargs={"slug": slug})}"' in html,
    )


@pytest.mark.parametrize("page", ["index", "week"])
@pytest.mark.parametrize(
    ("who", "import_link", "export_link"),
    [("member", True, False), ("administrator", True, False), ("analyst", False, True)],
)
def test_import_and_export_are_linked_for_those_the_rules_allow(
    client, est, page, who, import_link, export_link
):
    user = {
        "member": lambda: est.member,
        "administrator": lambda: UserFactory(roles=[ADMINISTRATOR]),
        "analyst": lambda: UserFactory(roles=[ANALYTIKER]),
    }[who]()
    slug = est.grupp.slug
    url = INDEX if page == "index" else reverse("lagesbild:est_grupp", kwargs={"slug": slug})

    assert _links(client, user, url, slug) == (import_link, export_link)
    # The link leads where the user may go: the import page for keepers, the CSV for readers.
    target = "lagesbild:est_import" if import_link else "lagesbild:est_export"
    assert client.get(reverse(target, kwargs={"slug": slug})).status_code == 200


def test_a_member_of_another_group_gets_no_link_to_this_groups_import(client, est):
    client.force_login(est.other_member)

    html = client.get(INDEX).content.decode()

    assert reverse("lagesbild:est_import", kwargs={"slug": est.grupp.slug}) not in html
    assert reverse("lagesbild:est_import", kwargs={"slug": est.other.slug}) in html
