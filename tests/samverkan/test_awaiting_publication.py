"""Coordinators find on Min arbetsyta the drafts that wait for them to publish."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from samverkan.models import Insats
from tests.factories import InsatsFactory, SamverkansgruppFactory

WORKSPACE = reverse("samverkan:arbetsyta")
HEADING = "Utkast som väntar på att du publicerar dem"
# The whole workspace page, as many for 2 drafts as for 30.
QUERIES = 23  # with whether the coordinator receives tips (the inbox link)


@pytest.fixture
def drafts(grupp):
    area = grupp.samverkansomrade
    return {
        "waiting": InsatsFactory(samverkansomrade=area, grupp=grupp, title="Utkast om belysning"),
        "published": InsatsFactory(samverkansomrade=area, published=True, title="Redan publik"),
        "archived": InsatsFactory(samverkansomrade=area, archived=True, title="Arkiverat utkast"),
        "elsewhere": InsatsFactory(
            grupp=SamverkansgruppFactory(), title="Utkast i ett annat område"
        ),
    }


def test_the_area_coordinator_sees_the_areas_drafts_and_only_those(client, coordinator, drafts):
    client.force_login(coordinator)

    page = client.get(WORKSPACE).content.decode()

    assert HEADING in page
    section = page[page.index(HEADING) :].split("</section>")[0]
    assert "Utkast om belysning" in section
    assert "1 utkast i de områden du publicerar för." in section
    for other in ["Redan publik", "Arkiverat utkast", "Utkast i ett annat område"]:
        assert other not in section


def test_a_group_member_who_may_not_publish_has_no_such_list(client, official, drafts):
    client.force_login(official)

    assert HEADING not in client.get(WORKSPACE).content.decode()


def test_the_list_agrees_with_the_publish_rule_for_every_role(
    drafts, official, coordinator, analyst, administrator
):
    for user in [AnonymousUser(), official, coordinator, analyst, administrator]:
        listed = set(Insats.objects.publishable_by(user))
        allowed = {i for i in Insats.objects.all() if user.has_perm("samverkan.publish_insats", i)}
        assert listed == allowed, user


@pytest.mark.parametrize("count", [2, 30])
def test_the_workspace_takes_the_same_queries_for_few_and_many_drafts(
    client, coordinator, grupp, count, django_assert_num_queries
):
    for n in range(count):
        InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp, title=f"Utkast {n}")
    client.force_login(coordinator)
    client.get(WORKSPACE)

    with django_assert_num_queries(QUERIES):
        page = client.get(WORKSPACE).content.decode()
    assert page.count("Utkast ") >= min(count, 25)
