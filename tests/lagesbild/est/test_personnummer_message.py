"""EST text is never published: a personnummer is refused with words that say why, on
every EST form (report, new place, action, follow-up, prioritisation)."""

import pytest
from django.urls import reverse
from django.utils import translation

from lagesbild.models import EstAtgard, EstPlats, EstPrioritering, Handelserapport
from organisation.personnummer import personnummer_errors
from tests.lagesbild.est.picture_data import hulta
from tests.lagesbild.est.rapport_setup import make_est, report_data

PERSONNUMMER = "19121212-1212"
EST_WORDS = "EST-rapporter handlar om platser, inte om personer: ta bort personnumret."
PUBLISHING_WORDS = "innan du publicerar"


def _assert_est_refusal(html):
    assert "ser ut som ett personnummer" in html
    assert EST_WORDS in html
    assert PUBLISHING_WORDS not in html


def test_a_report_with_a_personnummer_is_refused_with_the_est_wording(client, db):
    est = make_est()
    client.force_login(est.reporter)

    response = client.post(
        reverse("lagesbild:est_rapportera"),
        report_data(est, description=f"Pojken {PERSONNUMMER} sprejade."),
    )

    _assert_est_refusal(response.content.decode())
    assert not Handelserapport.objects.exists()


def test_a_new_place_named_with_a_personnummer_is_refused_with_the_est_wording(client, db):
    est = make_est()
    client.force_login(est.reporter)

    response = client.post(
        reverse("lagesbild:est_rapportera"),
        report_data(est, plats="", new_place=f"Hos {PERSONNUMMER}"),
    )

    _assert_est_refusal(response.content.decode())
    assert not EstPlats.objects.filter(status=EstPlats.Status.FORESLAGEN).exists()


@pytest.fixture
def group(db):
    return hulta()


def test_an_action_with_a_personnummer_is_refused_with_the_est_wording(client, group):
    client.force_login(group.member)

    response = client.post(
        reverse("lagesbild:est_atgard_create", kwargs={"slug": group.grupp.slug}),
        {
            "vecka": "2026-W48",
            "omrade": group.omrade.pk,
            "plats": group.torg.pk,
            "text": f"Prata med {PERSONNUMMER}",
            "owner": group.polisen.pk,
        },
    )

    assert response.status_code == 200
    _assert_est_refusal(response.content.decode())
    assert not EstAtgard.objects.exists()


def test_a_follow_up_with_a_personnummer_is_refused_with_the_est_wording(client, group):
    action = EstAtgard.objects.create(
        grupp=group.grupp,
        iso_year=2026,
        iso_week=47,
        omrade=group.omrade,
        text="Fältarbete kvällstid",
        owner=group.polisen,
    )
    client.force_login(group.member)

    response = client.post(
        reverse(
            "lagesbild:est_atgard_follow_up", kwargs={"slug": group.grupp.slug, "pk": action.pk}
        ),
        {f"atgard-{action.pk}-status": "utford", f"atgard-{action.pk}-follow_up": PERSONNUMMER},
        follow=True,
    )

    _assert_est_refusal(response.content.decode())
    action.refresh_from_db()
    assert action.follow_up == ""


def test_a_prioritisation_with_a_personnummer_is_refused_with_the_est_wording(client, group):
    client.force_login(group.member)

    response = client.post(
        reverse("lagesbild:est_prioriteringar", kwargs={"slug": group.grupp.slug}),
        {
            "year": "2026",
            "quarter": "4",
            "omrade": group.omrade.pk,
            "plats": "",
            "reason": f"Oro kring {PERSONNUMMER}",
        },
    )

    assert response.status_code == 200
    _assert_est_refusal(response.content.decode())
    assert not EstPrioritering.objects.exists()


def test_text_that_can_be_published_keeps_the_publishing_wording():
    with translation.override("sv"):
        (error,) = personnummer_errors({"title": ("Rubrik", PERSONNUMMER)}).values()
        message = error.messages[0]

    assert message.startswith("Rubrik innehåller något som ser ut som ett personnummer")
    assert PUBLISHING_WORDS in message and EST_WORDS not in message
