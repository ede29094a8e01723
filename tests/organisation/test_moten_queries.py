"""The forum and meeting pages cost the same number of queries for 3 meetings as for 40."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.models import Dagordningspunkt
from tests.factories import BeslutFactory, InsatsFactory, MoteFactory

pytestmark = pytest.mark.django_db


def _add_meetings(forum, count):
    now = timezone.now()
    for n in range(count):
        when = now + timedelta(days=(n - count // 2) * 7)
        if when < now:
            mote = MoteFactory(forum=forum, published=True, starts_at=when)
            BeslutFactory(mote=mote, due_date=timezone.localdate() - timedelta(days=n + 1))
        else:
            mote = MoteFactory(forum=forum, planned=True, starts_at=when)
        Dagordningspunkt.objects.create(
            mote=mote, order=1, heading="Insatsen", insats=InsatsFactory(published=True)
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize(
    "url",
    [
        lambda forum: forum.get_absolute_url(),
        lambda forum: reverse("organisation:forum_ics", args=[forum.slug]),
        lambda forum: reverse("organisation:moten_ics"),
        lambda forum: reverse("organisation:minutes_feed"),
        lambda forum: reverse("organisation:arbetsyta_forum", args=[forum.slug]),
    ],
    ids=["forum-page", "forum-ics", "all-ics", "minutes-feed", "workspace-forum"],
)
def test_query_count_does_not_grow_with_meetings(client, forum, member, url):
    client.force_login(member)
    _add_meetings(forum, 3)
    small, small_response = _queries(client, url(forum))
    _add_meetings(forum, 37)
    large, large_response = _queries(client, url(forum))
    assert large == small
    assert len(large_response.content if not large_response.streaming else b"x") >= 1


def test_meeting_page_query_count_does_not_grow_with_agenda_and_decisions(client, forum):
    mote = MoteFactory(forum=forum, published=True)

    def grow(count):
        for n in range(count):
            Dagordningspunkt.objects.create(
                mote=mote, order=n, heading=f"Punkt {n}", insats=InsatsFactory(published=True)
            )
            BeslutFactory(mote=mote)

    grow(2)
    small, _response = _queries(client, mote.get_absolute_url())
    grow(20)
    large, response = _queries(client, mote.get_absolute_url())
    assert large == small
    assert response.content.decode().count("Punkt ") == 22
