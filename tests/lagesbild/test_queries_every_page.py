"""Every page `make bench` measures makes as many queries with more data as with the demo
alone, and no page, public or in the workspace, more than twelve: the guard against N+1
queries."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lagesbild.benchmark_data import generate, measured_pages

QUERY_LIMIT = 12
# Pages whose query count is known to follow the data; none now. (The EST weekly page was
# here: Django's Paginator skips the SELECT of an empty page, so a week without reports
# made one query fewer; lagesbild/views/est.py's SteadyPaginator always asks.)
KNOWN_GROWING: set[str] = set()


def query_counts() -> dict[str, int]:
    found = measured_pages()
    anonymous, official = Client(), Client()
    official.force_login(get_user_model().objects.get(username="admin"))
    counts = {}
    for kind, client in (("public", anonymous), ("workspace", official)):
        for name, url in found[kind].items():
            client.get(url)  # per-process caches (Markdown, content types) warm first
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200, url
            counts[f"{kind} {name} {url}"] = len(queries)
    return counts


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # load_demo refuses outside development
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_every_page_makes_as_many_queries_with_fifty_times_the_insatser(demo):
    small = query_counts()
    generate(scale=0.05, today=date.today(), report=lambda _line: None)
    large = query_counts()
    grown = {
        page: (small[page], large[page])
        for page in small
        if small[page] != large[page] and " ".join(page.split()[:2]) not in KNOWN_GROWING
    }
    assert grown == {}


def test_no_page_makes_more_than_twelve_queries(demo):
    counts = query_counts()
    over = {page: count for page, count in counts.items() if count > QUERY_LIMIT}
    assert over == {}


def test_every_public_page_makes_as_many_queries_in_english_as_in_swedish(demo):
    """Translations are columns of the same rows: showing them costs no query."""
    client = Client()
    differ = {}
    with translation.override("sv"):
        # Pages measured in English already (the English insats page) are compared as well.
        pages = {name: url.removeprefix("/en") for name, url in measured_pages()["public"].items()}
    for name, url in pages.items():
        counts = []
        for prefix in ("", "/en"):
            client.get(prefix + url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(prefix + url)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200, prefix + url
            counts.append(len(queries))
        if counts[0] != counts[1]:
            differ[f"{name} {url}"] = tuple(counts)
    assert differ == {}
