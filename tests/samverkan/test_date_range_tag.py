"""Periods read as ranges: an open end as "15 januari 2027 –", no dates as one dash."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from organisation.templatetags.date_ranges import date_range
from tests.factories import InsatsFactory


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (date(2027, 1, 15), date(2027, 6, 30), "15 januari 2027 – 30 juni 2027"),
        (date(2027, 1, 15), None, "15 januari 2027 –"),
        (None, date(2027, 6, 30), "– 30 juni 2027"),
        (date(2027, 1, 15), date(2027, 1, 15), "15 januari 2027"),
        (None, None, "–"),
    ],
)
def test_a_period_reads_as_a_range(start, end, shown):
    with translation.override("sv"):
        assert date_range(start, end) == shown


def test_an_insats_without_dates_shows_no_double_dash_in_the_workspace(client, official, grupp):
    insats = InsatsFactory(
        samverkansomrade=grupp.samverkansomrade,
        grupp=grupp,
        status="planerad",
        start_date=None,
        end_date=None,
    )
    client.force_login(official)

    page = client.get(reverse("samverkan:arbetsyta_insats", args=[insats.pk])).content.decode()

    assert "– –" not in page
    assert "–  –" not in page


def test_an_open_ended_insats_reads_from_its_start(client, official, grupp):
    insats = InsatsFactory(
        samverkansomrade=grupp.samverkansomrade,
        grupp=grupp,
        start_date=date(2027, 1, 15),
        end_date=None,
    )
    client.force_login(official)

    page = client.get(reverse("samverkan:arbetsyta_insats", args=[insats.pk])).content.decode()

    assert "15 januari 2027 –</dd>" in page
