"""Ids, page numbers and control characters from the address never give a server error.

`"²".isdigit()` is true and `int("²")` fails; NUL cannot be sent to PostgreSQL at all. What a
user should see instead: a bad filter is ignored, a bad page number gives the first page, a
control character in the address is a 400 page.
"""

import pytest
from django.urls import reverse

from organisation.parsing import parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        ("007", 7),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits: int() accepts them, an id never has them
        ("٣", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1 ", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 40, None),
        ("0x10", None),
        ("1_000", None),
    ],
)
def test_parse_int_accepts_only_plain_ascii_digits(value, expected):
    assert parse_int(value) == expected


def test_parse_int_refuses_numbers_outside_the_bounds():
    assert parse_int("0", min_value=1) is None
    assert parse_int("2101", max_value=2100) is None
    assert parse_int("2024", min_value=2000, max_value=2100) == 2024


@pytest.mark.parametrize("value", ["²", "١", "-1", "1e9", "9" * 30, "0x1"])
def test_a_strange_lagesbild_id_in_the_action_plan_form_is_ignored(client, world, value):
    client.force_login(world["official"])
    response = client.get(reverse("lagesbild:atgardsplan_create"), {"lagesbild": value})
    assert response.status_code == 200
    assert "Åtgärdsplan: Lägesbild 2024" not in response.content.decode()


def test_a_plain_lagesbild_id_still_fills_in_the_action_plan_form(client, world):
    client.force_login(world["official"])
    response = client.get(
        reverse("lagesbild:atgardsplan_create"), {"lagesbild": str(world["lagesbild"].pk)}
    )
    assert response.status_code == 200
    assert "Åtgärdsplan: Lägesbild 2024" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "١", "0", "-3", "1e9", "9" * 30, "abc"])
def test_a_strange_page_number_shows_a_page_of_interventions(client, world, value):
    response = client.get(reverse("samverkan:insatser"), {"sida": value})
    assert response.status_code == 200
    assert world["insats"].title in response.content.decode()


CONTROL_PATHS = [
    "/nyckeltal/%00/",
    "/forum/%00/",
    "/insatser/a%00b/",
    "/lagesbilder/%00/",
    "/%00",
    "/en/nyckeltal/%00/",
    "/nyckeltal/a%01b/",
    "/nyckeltal/a%1Fb/",
    "/nyckeltal/a%7Fb/",
    "/nyckeltal/a%0Ab/",
    "/nyckeltal/a%0Db/",
    "/nyckeltal/a%09b/",
    "/admin/samverkan/insats/%00/change/",
    "/insatser/?q=%00",
    "/insatser/?%00=1",
    "/insatser/?samverkansomrade=%00",
    "/arbetsyta/atgardsplaner/ny/?lagesbild=1%00",
    "/admin/samverkan/insats/?q=%00",
    "/konto/logga-in/?next=/%00",
    "/oppna-data/insatser.csv?x=%7F",
]


@pytest.mark.parametrize("path", CONTROL_PATHS)
def test_a_control_character_in_the_address_answers_400(client, world, path):
    client.force_login(world["administrator"])
    response = client.get(path)
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["trygg%09vandring", "trygg%0D%0AX-Injected:%201"])
def test_a_tab_or_line_break_pasted_into_the_search_is_searched_not_refused(client, world, query):
    response = client.get(f"/insatser/?q={query}")

    assert response.status_code == 200
    assert "X-Injected" not in response.headers


@pytest.mark.parametrize("path", ["/nyckeltal/%00/", "/insatser/?q=%00"])
def test_a_control_character_answers_400_to_residents_too(client, world, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "cookie", ['sessionid="abcdefghij\\000klm"', "sessionid=abcdefghij\x00klm"]
)
def test_a_session_cookie_with_a_control_character_counts_as_no_session(client, world, cookie):
    response = client.get(reverse("samverkan:arbetsyta"), HTTP_COOKIE=cookie)
    assert response.status_code == 302
    assert reverse("organisation:login") in response["Location"]
    assert client.get(reverse("samverkan:start"), HTTP_COOKIE=cookie).status_code == 200


def test_ordinary_non_ascii_addresses_still_work(client, world):
    response = client.get(reverse("samverkan:insatser"), {"q": "trygghetsvandring åäö"})
    assert response.status_code == 200
