"""Abuse protection of the tips form: rate limit, proof of work, and the no-JavaScript checks."""

import json
import time

import altcha
import pytest
from django.urls import reverse

from lagesbild import tips_abuse
from lagesbild.models import Tips
from tests.lagesbild.tips.conftest import opened_long_ago, tip_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cheap_challenge(settings):
    settings.TIPS_CHALLENGE_COST = 10


def solved_payload(client) -> str:
    """What the widget sends: the challenge from our endpoint, solved."""
    challenge = altcha.Challenge.from_dict(
        json.loads(client.get(reverse("lagesbild:tips_challenge")).content)
    )
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def test_a_burst_of_50_from_one_address_is_throttled_and_the_earlier_tips_are_kept(
    client, hulta, settings
):
    settings.TIPS_RATE = "10/h"
    statuses = [
        client.post(
            reverse("lagesbild:tips"),
            tip_data(hulta, place=f"Plats {n}"),
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        for n in range(50)
    ]

    assert statuses[:10] == [302] * 10
    assert set(statuses[10:]) == {429}
    assert sorted(Tips.objects.values_list("place", flat=True)) == sorted(
        f"Plats {n}" for n in range(10)
    )
    refused = client.post(
        reverse("lagesbild:tips"), tip_data(hulta), REMOTE_ADDR="198.51.100.7"
    ).content.decode()
    assert "De tips du skickade tidigare har kommit fram" in refused
    # Another address is not held back by the first one's burst.
    other = client.post(reverse("lagesbild:tips"), tip_data(hulta), REMOTE_ADDR="198.51.100.8")
    assert other.status_code == 302


def test_the_rate_limit_stores_no_readable_address_in_the_cache(client, hulta, settings):
    from django.db import connection

    client.post(reverse("lagesbild:tips"), tip_data(hulta), REMOTE_ADDR="198.51.100.9")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM django_cache")
        rows = cursor.fetchall()
    assert rows
    assert not any("198.51.100.9" in key for key, _expires in rows)


def test_a_solved_challenge_is_accepted_once_and_refused_when_replayed(
    client, hulta, cheap_challenge
):
    payload = solved_payload(client)
    data = tip_data(hulta, altcha=payload, opened="")

    first = client.post(reverse("lagesbild:tips"), data)
    replay = client.post(reverse("lagesbild:tips"), data)

    assert first.status_code == 302
    assert replay.status_code == 400
    assert "människa" in replay.content.decode()
    assert Tips.objects.count() == 1


def test_a_forged_proof_of_work_is_refused_even_with_a_good_no_javascript_path(
    client, hulta, cheap_challenge
):
    # Signed with another secret: the server did not issue it.
    forged = altcha.create_challenge(
        tips_abuse.ALGORITHM, 10, expires_at=int(time.time()) + 600, hmac_secret="not-ours"
    )
    payload = altcha.Payload(forged, altcha.solve_challenge(forged)).to_base64()

    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, altcha=payload))

    assert response.status_code == 400
    assert Tips.objects.count() == 0


def test_garbage_in_the_proof_of_work_field_is_refused(client, hulta):
    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, altcha="bm90IGpzb24="))

    assert response.status_code == 400
    assert Tips.objects.count() == 0


def test_an_unsolved_challenge_is_refused(client, hulta, cheap_challenge):
    challenge = altcha.Challenge.from_dict(
        json.loads(client.get(reverse("lagesbild:tips_challenge")).content)
    )
    wrong = altcha.Solution(counter=0, derived_key="00" * 32)
    payload = altcha.Payload(challenge, wrong).to_base64()

    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, altcha=payload))

    assert response.status_code == 400


def test_without_javascript_a_filled_in_honeypot_is_refused(client, hulta):
    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, website="http://spam"))

    assert response.status_code == 400
    assert Tips.objects.count() == 0


def test_without_javascript_a_form_sent_too_fast_is_refused(client, hulta):
    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, opened=opened_long_ago(0)))

    assert response.status_code == 400
    assert Tips.objects.count() == 0


def test_without_javascript_a_forged_timestamp_is_refused(client, hulta):
    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, opened="1700000000"))

    assert response.status_code == 400


def test_without_javascript_a_person_who_took_their_time_gets_through(client, hulta):
    response = client.post(reverse("lagesbild:tips"), tip_data(hulta, opened=opened_long_ago(30)))

    assert response.status_code == 302
