"""Who reads an EST group's picture, and what a partner's reporter sees of the rest."""

from datetime import date

import pytest
from django.urls import reverse

from organisation.roles import ADMINISTRATOR, ANALYTIKER, TJANSTEPERSON
from tests.factories import (
    ForumFactory,
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    UserFactory,
)
from tests.lagesbild.est.picture_data import hulta, kategori, report


@pytest.fixture
def est(db):
    data = hulta()
    report(
        data.grupp,
        data.omrade,
        date(2026, 11, 24),
        kategori=kategori("klotter"),
        organ=data.polisen,
        description="Hultas klotterrapport",
    )
    report(
        data.other,
        data.other_omrade,
        date(2026, 11, 24),
        kategori=kategori("klotter"),
        organ=data.polisen,
        description="Hässleholmens klotterrapport",
    )
    return data


def _group_urls(grupp):
    return [
        reverse("lagesbild:est_grupp", kwargs={"slug": grupp.slug}),
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": grupp.slug}),
    ]


def test_a_member_of_group_a_gets_404_on_group_bs_pages(client, est):
    client.force_login(est.member)

    for url in _group_urls(est.other):
        response = client.get(url)
        assert response.status_code == 404
        assert "Hässleholmens klotterrapport" not in response.content.decode()


def test_a_member_of_group_a_cannot_post_to_group_b(client, est):
    client.force_login(est.member)
    slug = est.other.slug

    created = client.post(
        reverse("lagesbild:est_atgard_create", kwargs={"slug": slug}),
        {"omrade": est.other_omrade.pk, "text": "Fältarbete", "owner": est.polisen.pk},
    )
    prioritised = client.post(
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": slug}),
        {"year": 2026, "quarter": 4, "omrade": est.other_omrade.pk, "reason": "Många rapporter"},
    )

    assert (created.status_code, prioritised.status_code) == (404, 404)


def test_a_member_reads_their_own_groups_picture_and_reports(client, est):
    client.force_login(est.member)

    response = client.get(_group_urls(est.grupp)[0], {"vecka": "2026-W48"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hultas klotterrapport" in html
    assert "Hässleholmens klotterrapport" not in html


@pytest.mark.parametrize("role", [ANALYTIKER, ADMINISTRATOR])
def test_analysts_and_administrators_read_every_groups_picture(client, est, role):
    client.force_login(UserFactory(roles=[role]))

    for grupp, text in [(est.grupp, "Hultas"), (est.other, "Hässleholmens")]:
        response = client.get(_group_urls(grupp)[0], {"vecka": "2026-W48"})
        assert response.status_code == 200
        assert f"{text} klotterrapport" in response.content.decode()


def test_an_official_outside_est_gets_404_and_an_empty_list(client, est):
    official = UserFactory(roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=official)
    client.force_login(official)

    for url in _group_urls(est.grupp):
        assert client.get(url).status_code == 404
    listing = client.get(reverse("lagesbild:est"))
    assert listing.status_code == 200
    assert list(listing.context["groups"]) == []
    assert "Du är inte med i någon EST-grupp." in listing.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, est):
    for url in [reverse("lagesbild:est"), *_group_urls(est.grupp)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/konto/logga-in/" in response["Location"]


def test_the_est_list_shows_only_the_users_own_groups(client, est):
    client.force_login(est.member)

    response = client.get(reverse("lagesbild:est"))

    html = response.content.decode()
    assert reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}) in html
    assert reverse("lagesbild:est_grupp", kwargs={"slug": est.other.slug}) not in html


@pytest.mark.parametrize(
    ("who", "shown"), [("member", True), ("analyst", True), ("official", False)]
)
def test_the_workspace_links_to_est_only_for_those_who_read_it(client, est, who, shown):
    user = {
        "member": lambda: est.member,
        "analyst": lambda: UserFactory(roles=[ANALYTIKER]),
        "official": lambda: UserFactory(roles=[TJANSTEPERSON]),
    }[who]()
    client.force_login(user)

    html = client.get(reverse("samverkan:arbetsyta")).content.decode()

    assert (f'href="{reverse("lagesbild:est")}"' in html) is shown


def test_a_group_slug_does_not_hide_the_reporting_page_beside_it(est):
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/arbetsyta/est/rapportera/")
    except Resolver404:
        match = None
    assert match is None or match.url_name != "est_grupp"


def test_a_partners_reporter_sees_no_insats_lagesbild_or_forum_of_others(client, est):
    draft = InsatsFactory(title="Zqutkastinsats för andra")
    lagesbild = LagesbildFactory(title="Zqlagesbild för andra")
    forum = ForumFactory(is_public=False, name="Zqinterntforum")
    client.force_login(est.member)

    assert (
        client.get(reverse("samverkan:arbetsyta_insats", kwargs={"pk": draft.pk})).status_code
        == 404
    )
    listing = client.get(reverse("lagesbild:list"))
    assert list(listing.context["lagesbilder"]) == []
    assert lagesbild.title not in listing.content.decode()
    detail = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk}))
    assert detail.status_code == 404
    assert (
        client.get(reverse("organisation:arbetsyta_forum", kwargs={"slug": forum.slug})).status_code
        == 404
    )
    workspace = client.get(reverse("samverkan:arbetsyta")).content.decode()
    assert "Zqutkastinsats" not in workspace
