"""Paged and cut lists on public pages: every row once, in the same order on every render.

A list ordered by a column that several rows share (a title, a start time) is in no order
among those rows, and LIMIT/OFFSET then may show a row on two pages and another on none.
"""

import re

from django.urls import reverse

from tests.factories import InsatsFactory


def test_paging_through_insatser_of_the_same_title_shows_each_once(client, boras):
    made = [InsatsFactory(published=True, title="Trygghetsvandring") for _ in range(45)]

    seen = []
    for page in (1, 2, 3):
        html = client.get(reverse("samverkan:insatser"), {"sida": page}).content.decode()
        seen += re.findall(r'<a href="/insatser/([^"/]+)/"', html)

    assert sorted(seen) == sorted(i.slug for i in made)
