"""Query count of every list page is the same with 10 and 500 insatser."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.models import Aktivitet, Insats, Uppfoljning
from tests.factories import FokusomradeFactory, OmradeFactory, OrganFactory


class Data:
    """Published insatser made in bulk, each in one district and focus area, with an
    upcoming activity and a follow-up, so every page has something to show per row."""

    def __init__(self, area, grupp):
        self.area = area
        self.grupp = grupp
        self.organ = OrganFactory()
        self.omrade = OmradeFactory(slug="hulta-matning")
        self.fokus = FokusomradeFactory(slug="fokus-matning")
        self.count = 0

    def grow_to(self, total):
        now = timezone.now()
        insatser = Insats.objects.bulk_create(
            [
                Insats(
                    title=f"Insats {n:04d}",
                    slug=f"insats-matning-{n:04d}",
                    summary="Tryggare tillsammans.",
                    samverkansomrade=self.area,
                    grupp=self.grupp,
                    responsible=self.organ,
                    status=Insats.Status.PAGAENDE,
                    start_date=date(2024, 1, 1),
                    publication=Insats.Publication.PUBLISHED,
                    published_at=now,
                    contact="Samordnare",
                )
                for n in range(self.count, total)
            ]
        )
        Insats.omraden.through.objects.bulk_create(
            [Insats.omraden.through(insats=i, omrade=self.omrade) for i in insatser]
        )
        Insats.fokusomraden.through.objects.bulk_create(
            [Insats.fokusomraden.through(insats=i, fokusomrade=self.fokus) for i in insatser]
        )
        Insats.partners.through.objects.bulk_create(
            [Insats.partners.through(insats=i, organ=self.organ) for i in insatser]
        )
        Aktivitet.objects.bulk_create(
            [
                Aktivitet(
                    insats=i,
                    title=f"Vandring {i.slug}",
                    starts_at=now + timedelta(days=1, minutes=index),
                    meeting_point="Torget",
                    omrade=self.omrade if index % 2 else None,
                )
                for index, i in enumerate(insatser)
            ]
        )
        Uppfoljning.objects.bulk_create(
            [
                Uppfoljning(insats=i, date=date(2024, 2, 1), done="Genomfört.", is_public=True)
                for i in insatser
            ]
        )
        self.count = total


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


LIST_PAGES = [
    ("samverkan:insatser", lambda d: {}),
    ("samverkan:omraden", lambda d: {}),
    ("samverkan:omrade", lambda d: {"slug": d.omrade.slug}),
    ("samverkan:fokusomrade", lambda d: {"slug": d.fokus.slug}),
    ("samverkan:samverkansomrade", lambda d: {"slug": d.area.slug}),
    ("samverkan:kalender", lambda d: {}),
    ("samverkan:insats_feed", lambda d: {}),
    ("samverkan:kalender_ics", lambda d: {}),
    ("sitemap", lambda d: {}),
    ("samverkan:arbetsyta", lambda d: {}),
]


@pytest.mark.parametrize(("name", "kwargs"), LIST_PAGES, ids=[name for name, _ in LIST_PAGES])
def test_query_count_is_the_same_with_10_and_500_insatser(
    client, area, grupp, coordinator, name, kwargs
):
    data = Data(area, grupp)
    if name == "samverkan:arbetsyta":
        client.force_login(coordinator)
    data.grow_to(10)
    url = reverse(name, kwargs=kwargs(data))
    client.get(url)  # warm per-process caches (translations, content types)

    small = _queries(client, url)
    data.grow_to(500)
    large = _queries(client, url)

    repeated, times = Counter(large).most_common(1)[0]
    assert len(large) == len(small), f"{times} × {repeated}"


def test_search_query_count_is_the_same_with_10_and_500_insatser(client, area, grupp):
    data = Data(area, grupp)
    data.grow_to(10)
    url = reverse("samverkan:insatser") + "?q=insats&omrade=hulta-matning"
    client.get(url)

    small = _queries(client, url)
    data.grow_to(500)

    assert len(_queries(client, url)) == len(small)


@pytest.mark.parametrize("name", ["samverkan:insatser_json", "samverkan:insatser_csv"])
def test_open_data_query_count_is_the_same_with_10_and_500_insatser(client, area, grupp, name):
    data = Data(area, grupp)
    url = reverse(name)

    def streamed_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured.captured_queries), body

    data.grow_to(10)
    small, small_body = streamed_queries()
    data.grow_to(500)
    large, large_body = streamed_queries()

    assert b"Insats 0499" in large_body and b"Insats 0499" not in small_body
    assert large == small


def test_an_area_page_shows_the_first_twenty_insatser_and_links_to_all_of_them(client, area, grupp):
    data = Data(area, grupp)
    url = reverse("samverkan:samverkansomrade", kwargs={"slug": area.slug})
    data.grow_to(20)
    html = client.get(url).content.decode()
    assert html.count('class="card mb-3 insats-card"') == 20
    assert "Alla insatser i området" not in html

    data.grow_to(500)
    html = client.get(url).content.decode()

    assert html.count('class="card mb-3 insats-card"') == 20
    assert "Insats 0000" in html and "Insats 0020" not in html
    assert f'href="/insatser/?samverkansomrade={area.slug}">Alla insatser i området' in html
