"""The start page is for residents: what happens next and where, what is new."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AktivitetFactory,
    ForumFactory,
    InsatsFactory,
    MoteFactory,
    OmradeFactory,
)


def _grow(n):
    for i in range(n):
        omrade = OmradeFactory()
        insats = InsatsFactory(published=True, omraden=[omrade])
        AktivitetFactory(insats=insats, omrade=omrade, title=f"Aktivitet {i}")
        MoteFactory(forum=ForumFactory(), published=True)


def test_start_page_shows_the_next_safety_walk_when_and_where(client, boras):
    insats = InsatsFactory(published=True, title="Trygghetsvandringar")
    AktivitetFactory(
        insats=insats,
        title="Trygghetsvandring vid Kontrolltorget",
        meeting_point="Vid fontänen på Kontrolltorget",
        starts_at=timezone.now() + timedelta(days=3),
    )

    html = client.get(reverse("samverkan:start")).content.decode()

    walk = html.split('class="nasta-vandring', 1)[1].split("</p>", 1)[0]
    assert "Nästa trygghetsvandring" in walk
    assert "Trygghetsvandring vid Kontrolltorget" in walk
    assert "Vid fontänen på Kontrolltorget" in walk
    assert "<time datetime=" in walk


def test_start_page_shows_what_is_new_and_never_what_is_hidden(client, boras):
    InsatsFactory(published=True, title="Kontrollinsats som syns")
    InsatsFactory(title="Utkastmarkor")
    InsatsFactory(published=True, internal=True, title="Internmarkor")
    AktivitetFactory(insats=InsatsFactory(title="Dold insats"), title="Doldaktivitetmarkor")
    MoteFactory(forum=ForumFactory(name="Kontrollforum"), published=True, title="Kontrollmöte")
    MoteFactory(forum=ForumFactory(is_public=False), published=True, title="Internmotesmarkor")
    MoteFactory(forum=ForumFactory(), title="Opubliceradmarkor")

    html = client.get(reverse("samverkan:start")).content.decode()

    assert "Kontrollinsats som syns" in html
    assert "Kontrollforum: Kontrollmöte" in html
    for marker in ["Utkastmarkor", "Internmarkor", "Doldaktivitetmarkor", "Internmotesmarkor"]:
        assert marker not in html
    assert "Opubliceradmarkor" not in html


def test_start_page_puts_the_organisation_below_what_residents_look_for(client, boras):
    html = client.get(reverse("samverkan:start")).content.decode()

    assert html.index("På gång") < html.index("Vad händer där jag bor") < html.index("Forum</h2>")
    assert html.index("Nytt</h2>") < html.index("Samverkansområden</h2>")
    assert 'action="/sok/"' in html


def test_picker_leads_to_the_chosen_area_page(client, boras):
    omrade = OmradeFactory(name="Kontrollby", slug="kontrollby")

    html = client.get(reverse("samverkan:start")).content.decode()
    response = client.get(reverse("samverkan:omraden"), {"omrade": "kontrollby"})

    assert '<option value="kontrollby">Kontrollby</option>' in html
    assert response.status_code == 302
    assert response["Location"] == omrade.get_absolute_url()
    assert client.get(reverse("samverkan:omraden"), {"omrade": "finns-inte"}).status_code == 200


def test_start_page_query_count_does_not_grow_with_the_data(client, boras):
    url = reverse("samverkan:start")
    _grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    _grow(15)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()

    assert len(large) == len(small)
    assert "Aktivitet 14" in html or "Aktivitet 0" in html


def test_activities_at_the_same_time_are_shown_in_a_steady_order(client, boras):
    """Six of forty activities that start at the same minute: the six made first, in that
    order, on every render (the database's order among equals is not an order, and a cached
    page must be the same as a fresh render)."""
    starts = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    insats = InsatsFactory(published=True)
    titles = [f"Samtidigaktivitet {n:02}" for n in range(40)]
    # Made in an order that differs from the titles', so neither order can stand in for it.
    made = titles[20:] + titles[:20]
    for title in made:
        AktivitetFactory(insats=insats, title=title, starts_at=starts)

    for _ in range(3):
        html = client.get(reverse("samverkan:start")).content.decode()
        shown = [t for t in sorted(titles, key=html.find) if t in html]
        assert shown == made[:6]
