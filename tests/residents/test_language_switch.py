"""The language switch sends the resident to the same page in the other language."""

import pytest
from django.urls import reverse

SWITCH = reverse("set_language")


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/forum/bra/", "en", "/en/forum/bra/"),
        ("/en/forum/bra/", "sv", "/forum/bra/"),
        ("/en/insatser/?omrade=hulta&sida=2", "sv", "/insatser/?omrade=hulta&sida=2"),
        ("/insatser/?omrade=hulta", "en", "/en/insatser/?omrade=hulta"),
        ("/en/", "sv", "/"),
        ("/", "en", "/en/"),
    ],
)
def test_switch_translates_the_page_into_the_chosen_language(
    client, boras, next_url, language, expected
):
    response = client.post(SWITCH, {"next": next_url, "language": language})

    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies["django_language"].value == language


def test_switch_back_to_swedish_works_when_the_cookie_still_says_english(client, boras):
    client.post(SWITCH, {"next": "/forum/bra/", "language": "en"})

    response = client.post(SWITCH, {"next": "/en/forum/bra/", "language": "sv"})

    assert response["Location"] == "/forum/bra/"


def test_switch_refuses_to_send_the_resident_to_another_host(client, boras):
    response = client.post(SWITCH, {"next": "https://example.com/en/", "language": "sv"})

    assert "example.com" not in response.get("Location", "")


def test_switch_answers_only_posts(client, boras):
    assert client.get(SWITCH, {"next": "/en/", "language": "sv"}).status_code == 405


def test_english_page_posts_its_own_address_to_the_switch(client, boras):
    html = client.get("/en/forum/bra/").content.decode()

    assert '<input name="next" type="hidden" value="/en/forum/bra/">' in html
    assert 'value="sv" class="btn btn-link nav-link" lang="sv">På svenska</button>' in html


def test_english_key_figures_use_english_decimals_and_mark_the_swedish_unit(client, boras):
    from django.utils import translation

    from lagesbild.indikatordata import load_indikatorer

    load_indikatorer()
    with translation.override("sv"):
        english = client.get("/en/nyckeltal/").content.decode()
        swedish = client.get("/nyckeltal/").content.decode()

    assert '<td class="text-end">10.3</td>' in english
    assert '<span lang="sv">Per 1 000 invånare</span>' in english
    assert '<td class="text-end">10,3</td>' in swedish
    assert 'lang="sv"' not in swedish.split("<main", 1)[1]
