"""The weekly meeting: actions for the week, followed up the next; the quarter's priorities."""

import re
from datetime import date

import pytest
from django.urls import reverse

from lagesbild.models import EstAtgard, EstPrioritering
from organisation.roles import ANALYTIKER
from tests.factories import UserFactory
from tests.lagesbild.est.picture_data import hulta, kategori, report

PERSONNUMMER = "19121212-1212"


@pytest.fixture
def est(db):
    return hulta()


def _add_action(client, est, **data):
    return client.post(
        reverse("lagesbild:est_atgard_create", kwargs={"slug": est.grupp.slug}),
        {
            "vecka": "2026-W48",
            "omrade": est.omrade.pk,
            "plats": est.torg.pk,
            "text": "Fältarbete kvällstid vid Hulta torg",
            "owner": est.polisen.pk,
            **data,
        },
    )


def test_a_member_adds_an_action_for_the_week_and_it_is_shown(client, est):
    client.force_login(est.member)

    response = _add_action(client, est)

    assert response.status_code == 302
    assert response["Location"].endswith("?vecka=2026-W48#atgarder")
    action = EstAtgard.objects.get()
    assert (action.grupp, action.iso_year, action.iso_week) == (est.grupp, 2026, 48)
    assert action.status == EstAtgard.Status.BESLUTAD
    page = client.get(response["Location"]).content.decode()
    assert "Fältarbete kvällstid vid Hulta torg" in page
    assert "Åtgärden lades till för vecka 48, 2026." in page


def test_an_action_with_a_personnummer_is_refused_and_nothing_saved(client, est):
    client.force_login(est.member)

    response = _add_action(client, est, text=f"Prata med {PERSONNUMMER}")

    assert response.status_code == 200
    assert EstAtgard.objects.count() == 0
    assert "personnummer" in response.content.decode().lower()


def test_an_action_at_a_place_of_another_district_is_refused(client, est):
    client.force_login(est.member)

    response = _add_action(client, est, plats=est.other_place.pk)

    assert response.status_code == 200
    assert EstAtgard.objects.count() == 0
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_an_analyst_reads_the_meeting_but_may_not_add_an_action(client, est):
    analyst = UserFactory(roles=[ANALYTIKER])
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}))
    response = _add_action(client, est)

    assert page.status_code == 200
    assert "Ny åtgärd" not in page.content.decode()
    assert response.status_code == 403
    assert EstAtgard.objects.count() == 0


def _action(est, week=47, **kwargs):
    return EstAtgard.objects.create(
        grupp=est.grupp,
        iso_year=2026,
        iso_week=week,
        omrade=est.omrade,
        plats=est.torg,
        text="Tekniska förvaltningen lagar belysningen",
        owner=est.polisen,
        **kwargs,
    )


def test_last_weeks_actions_are_followed_up_this_week(client, est):
    action = _action(est)
    client.force_login(est.member)

    page = client.get(
        reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}), {"vecka": "2026-W48"}
    )
    response = client.post(
        reverse("lagesbild:est_atgard_follow_up", kwargs={"slug": est.grupp.slug, "pk": action.pk}),
        {
            f"atgard-{action.pk}-status": "utford",
            f"atgard-{action.pk}-follow_up": "Lagad i tisdags",
        },
    )

    html = page.content.decode()
    assert "Uppföljning av åtgärderna för v47" in html
    assert "Tekniska förvaltningen lagar belysningen" in html
    assert response.status_code == 302
    assert response["Location"].endswith("?vecka=2026-W48#uppfoljning")
    action.refresh_from_db()
    assert (action.status, action.follow_up) == ("utford", "Lagad i tisdags")


def test_a_follow_up_with_a_personnummer_is_not_saved(client, est):
    action = _action(est)
    client.force_login(est.member)

    client.post(
        reverse("lagesbild:est_atgard_follow_up", kwargs={"slug": est.grupp.slug, "pk": action.pk}),
        {f"atgard-{action.pk}-status": "utford", f"atgard-{action.pk}-follow_up": PERSONNUMMER},
    )

    action.refresh_from_db()
    assert (action.status, action.follow_up) == ("beslutad", "")


def test_an_action_of_another_group_cannot_be_followed_up_through_this_one(client, est):
    foreign = EstAtgard.objects.create(
        grupp=est.other,
        iso_year=2026,
        iso_week=47,
        omrade=est.other_omrade,
        text="Annan grupps åtgärd",
        owner=est.polisen,
    )
    client.force_login(est.member)

    response = client.post(
        reverse(
            "lagesbild:est_atgard_follow_up", kwargs={"slug": est.grupp.slug, "pk": foreign.pk}
        ),
        {f"atgard-{foreign.pk}-status": "utford"},
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "beslutad"


def test_an_analyst_may_not_follow_up(client, est):
    action = _action(est)
    client.force_login(UserFactory(roles=[ANALYTIKER]))

    response = client.post(
        reverse("lagesbild:est_atgard_follow_up", kwargs={"slug": est.grupp.slug, "pk": action.pk}),
        {f"atgard-{action.pk}-status": "utford"},
    )

    assert response.status_code == 403


def test_a_member_prioritises_a_place_and_the_week_page_marks_it(client, est):
    client.force_login(est.member)
    report(
        est.grupp,
        est.omrade,
        date(2026, 11, 24),
        plats=est.torg,
        kategori=kategori("klotter"),
        organ=est.polisen,
    )

    response = client.post(
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug}),
        {
            "year": 2026,
            "quarter": 4,
            "omrade": est.omrade.pk,
            "plats": est.torg.pk,
            "reason": "Mest klotter i höstas",
        },
    )
    listing = client.get(reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug}))
    week = client.get(
        reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}), {"vecka": "2026-W48"}
    )
    before = client.get(
        reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}), {"vecka": "2026-W39"}
    )

    assert response.status_code == 302
    assert EstPrioritering.objects.get().plats == est.torg
    assert "Kvartal 4 2026" in listing.content.decode()
    assert "Mest klotter i höstas" in listing.content.decode()
    html = week.content.decode()
    assert "Prioriterat kvartal 4 2026" in html
    assert (
        'Hulta torg <span class="small">(Hulta)</span> <span class="badge text-bg-primary">Prioriterad</span>'
        in html
    )
    # Week 39 of 2026 is in the third quarter.
    assert "Mest klotter i höstas" not in before.content.decode()


def test_a_prioritisation_with_a_personnummer_is_refused(client, est):
    client.force_login(est.member)

    response = client.post(
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug}),
        {"year": 2026, "quarter": 4, "omrade": est.omrade.pk, "reason": f"Gäller {PERSONNUMMER}"},
    )

    assert response.status_code == 200
    assert EstPrioritering.objects.count() == 0


def test_an_analyst_reads_the_prioritisations_but_may_not_add_one(client, est):
    EstPrioritering.objects.create(
        grupp=est.grupp, year=2026, quarter=4, omrade=est.omrade, reason="Synlig prioritering"
    )
    client.force_login(UserFactory(roles=[ANALYTIKER]))
    url = reverse("lagesbild:est_prioriteringar", kwargs={"slug": est.grupp.slug})

    page = client.get(url)
    response = client.post(
        url, {"year": 2026, "quarter": 4, "omrade": est.omrade.pk, "reason": "x"}
    )

    assert "Synlig prioritering" in page.content.decode()
    assert "Ny prioritering" not in page.content.decode()
    assert response.status_code == 403
    assert EstPrioritering.objects.count() == 1


def test_each_follow_up_form_has_its_own_button_id(client, est):
    first, second = _action(est), _action(est)
    client.force_login(est.member)

    html = client.get(
        reverse("lagesbild:est_grupp", kwargs={"slug": est.grupp.slug}), {"vecka": "2026-W48"}
    ).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert f'id="atgard-{first.pk}-spara"' in html and f'id="atgard-{second.pk}-spara"' in html
    assert "Beslutad" in html or "beslutad" in html
