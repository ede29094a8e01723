"""Every route of the URL conf with hostile values in its converters and query strings.

The paths are generated from the URL conf, so a new route is covered without being listed.
Each answer must be below 500 and must not echo the script marker unescaped.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter, StringConverter
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.conftest import MARKER

HOSTILE = {
    IntConverter: ["0", "9" * 25, "0" * 19 + "1"],
    SlugConverter: ["x" * 300, "-", "a--b__c"],
    StringConverter: [quote(MARKER), quote("' OR '1'='1"), quote("²"), "x" * 2000, "%C0%AE%FF"],
}
YEARS = ["0000", "0001", "9999"]


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                continue  # the admin has its own table below
            part = (
                pattern.pattern.language_prefix
                if isinstance(pattern.pattern, LocalePrefixPattern)
                else str(pattern.pattern)
            )
            yield from _routes(pattern, prefix + part)
        else:
            yield prefix + str(pattern.pattern), pattern.pattern.converters


def _hostile_paths():
    paths = set()
    for route, converters in _routes():
        if not converters:
            continue
        for variant in range(5):
            path = route
            for name, converter in converters.items():
                values = HOSTILE.get(type(converter), YEARS)
                path = re.sub(rf"<[^:>]+:{name}>", values[variant % len(values)], path)
            paths.add("/" + path)
    return sorted(paths)


def _plain_routes():
    return sorted("/" + route for route, converters in _routes() if not converters)


HOSTILE_QUERY = (
    f"?q={quote(MARKER)}&sida=%C2%B2&page=-1&samverkansomrade=..%2F..&omrade={'x' * 500}"
    "&fokus=%27--&status=%22%3E&malgrupp=9999999999999999999999&lagesbild=%D9%A1"
    "&year=0001&next=%2F%2Fevil.example&format=..%2F..%2Fetc%2Fpasswd&sida=1e999"
)


def _assert_safe(response):
    assert response.status_code < 500
    if not getattr(response, "streaming", False):
        assert MARKER.encode() not in response.content


@pytest.fixture
def as_admin(client, db, shared_world):
    client.force_login(shared_world["administrator"])
    return client


@pytest.mark.parametrize("path", _hostile_paths())
def test_hostile_values_in_the_address_never_give_a_server_error(as_admin, path):
    _assert_safe(as_admin.get(path))


@pytest.mark.parametrize("path", _plain_routes())
def test_hostile_query_strings_never_give_a_server_error(as_admin, path):
    _assert_safe(as_admin.get(path + HOSTILE_QUERY))


@pytest.mark.parametrize("path", _plain_routes())
def test_hostile_query_strings_never_give_residents_a_server_error(client, db, shared_world, path):
    _assert_safe(client.get(path + HOSTILE_QUERY))


ADMIN_PATHS = [
    "/admin/samverkan/insats/?q=" + quote(MARKER),
    "/admin/samverkan/insats/?o=%C2%B2",
    "/admin/samverkan/insats/?o=999.-999",
    "/admin/samverkan/insats/?p=%C2%B2",
    "/admin/samverkan/insats/?p=99999999999999999999",
    "/admin/samverkan/insats/?samverkansomrade__id__exact=%C2%B2",
    "/admin/samverkan/insats/?start_date__gte=0001-01-01",
    "/admin/samverkan/insats/?all=&_popup=1&_to_field=" + quote(MARKER),
    "/admin/samverkan/insats/" + "9" * 25 + "/change/",
    "/admin/samverkan/insats/%C2%B2/change/",
    "/admin/samverkan/insats/" + quote(MARKER) + "/change/",
    "/admin/samverkan/insats/add/?title=" + quote(MARKER),
    "/admin/samverkan/aktivitet/?starts_at__year=0",
    "/admin/organisation/mote/?starts_at__gte=0001-01-01%2000:00",
    "/admin/lagesbild/indikatorvarde/?year=%C2%B2",
    "/admin/lagesbild/indikatorvarde/?year__gte=99999999999999999999",
    "/admin/lagesbild/lagesbild/?q=%27%22%3E",
    "/admin/auth/user/?q=" + quote(MARKER),
    "/admin/r/9999999999999999/1/",
    "/admin/jsi18n/?language=" + quote(MARKER),
    "/admin/autocomplete/?app_label=samverkan&model_name=insats&field_name=x&term=%C2%B2",
]


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_hostile_admin_addresses_never_give_a_server_error(as_admin, path):
    _assert_safe(as_admin.get(path))


FILTER_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=60
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=FILTER_TEXT,
    area=FILTER_TEXT,
    omrade=FILTER_TEXT,
    status=FILTER_TEXT,
    sida=FILTER_TEXT,
)
def test_any_text_in_the_insats_filters_gives_a_page_or_a_400(
    client, db, shared_world, q, area, omrade, status, sida
):
    response = client.get(
        "/insatser/",
        {"q": q, "samverkansomrade": area, "omrade": omrade, "status": status, "sida": sida},
    )
    assert response.status_code in {200, 400}
    assert MARKER.encode() not in response.content


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=st.text(min_size=1, max_size=80).filter(lambda text: "/" not in text))
def test_any_key_figure_code_in_the_address_gives_a_page_a_404_or_a_400(
    client, db, shared_world, code
):
    response = client.get(f"/nyckeltal/{quote(code, safe='')}/")
    assert response.status_code in {200, 400, 404}
