"""The access rules of tips, and their filters, agree for every kind of user."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lagesbild import rules as access
from lagesbild.models import Tipsarende

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(hulta, norrby):
    return {
        "hulta": Tipsarende.objects.create(omrade=hulta, kategori="annat", place_key="torget"),
        "norrby": Tipsarende.objects.create(omrade=norrby, kategori="annat", place_key="torget"),
    }


@pytest.mark.parametrize(
    ("who", "inbox", "sees"),
    [
        ("receiver", True, {"hulta", "norrby"}),
        ("est_member", True, {"hulta"}),
        ("administrator", True, {"hulta", "norrby"}),
        ("analyst", False, set()),
    ],
)
def test_the_rule_and_the_filter_agree_on_every_case(request, cases, who, inbox, sees):
    user = request.getfixturevalue(who)

    assert user.has_perm("lagesbild.read_tips") is inbox
    by_rule = {
        name for name, arende in cases.items() if user.has_perm("lagesbild.view_tipsarende", arende)
    }
    by_filter = {
        name
        for name, arende in cases.items()
        if Tipsarende.objects.visible_to(user).filter(pk=arende.pk).exists()
    }
    assert by_rule == by_filter == sees


def test_residents_read_no_case_and_no_inbox(cases):
    anonymous = AnonymousUser()

    assert not anonymous.has_perm("lagesbild.read_tips")
    assert not anonymous.has_perm("lagesbild.view_tipsarende", cases["hulta"])
    assert not Tipsarende.objects.visible_to(anonymous).exists()


def test_an_est_member_handles_no_case_that_is_not_given(est_member):
    assert not access.receives_tips_of_district.test(est_member, None)
