"""Search, the calendar feed, open data and the history of an insats."""

import csv
import io
import json
import re
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from organisation.models import CC0
from samverkan.models import Insats
from samverkan.views_oppna_data import INSATSER
from tests.factories import (
    AktivitetFactory,
    FokusomradeFactory,
    InsatsFactory,
    OmradeFactory,
    OrganFactory,
    insats_form_data,
)

FIELD_NAMES = INSATSER.field_names


def _titles(response):
    return [insats.title for insats in response.context["page"]]


# ---------------------------------------------------------------------------
# Search


@pytest.fixture
def searchable(area, grupp):
    where = {"samverkansomrade": area, "grupp": grupp}
    return {
        "walks": InsatsFactory(
            published=True,
            title="Trygghetsvandringar i Hulta",
            summary="Boende går tillsammans genom området.",
            **where,
        ),
        "neighbours": InsatsFactory(
            published=True,
            title="Grannsamverkan på Norrby",
            summary="Grannar håller uppsikt över varandras bostäder.",
            description="Inbrotten har minskat sedan starten.",
            **where,
        ),
    }


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("Swedish full-text search needs PostgreSQL (make test starts one)")


def test_search_for_the_singular_finds_the_plural_title(client, postgresql, searchable):
    response = client.get(reverse("samverkan:insatser"), {"q": "trygghetsvandring"})

    assert _titles(response) == ["Trygghetsvandringar i Hulta"]
    assert "Trygghetsvandringar i Hulta</a>" in response.content.decode()


def test_search_stems_words_in_the_description(client, postgresql, searchable):
    # "inbrotten" (the burglaries) and "inbrott" (burglary) share a Swedish stem.
    response = client.get(reverse("samverkan:insatser"), {"q": "inbrott"})

    assert _titles(response) == ["Grannsamverkan på Norrby"]


def test_search_for_an_unrelated_word_finds_nothing(client, postgresql, searchable):
    response = client.get(reverse("samverkan:insatser"), {"q": "skadegörelse"})

    assert _titles(response) == []
    assert "0 insatser" in response.content.decode()


@pytest.mark.parametrize("query", ['"', "&|!:*()", "' OR 1=1 --", "trygghet <script>", "-"])
def test_search_with_odd_characters_answers_without_error(client, postgresql, searchable, query):
    response = client.get(reverse("samverkan:insatser"), {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


def test_search_combines_with_a_district_filter(client, postgresql, searchable):
    hulta = OmradeFactory(name="Hulta", slug="hulta-sok")
    searchable["neighbours"].omraden.add(hulta)

    response = client.get(
        reverse("samverkan:insatser"), {"q": "trygghetsvandring", "omrade": "hulta-sok"}
    )

    assert _titles(response) == []


# ---------------------------------------------------------------------------
# iCalendar


@pytest.fixture
def calendar_activities(area, grupp):
    insats = InsatsFactory(
        published=True, samverkansomrade=area, grupp=grupp, title="Trygghetsvandringar"
    )
    hulta = OmradeFactory(name="Hulta")
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    return {
        "walk": AktivitetFactory(
            insats=insats,
            title="Kvällsvandring i Hulta",
            starts_at=soon,
            ends_at=soon + timedelta(hours=2),
            omrade=hulta,
        ),
        "open": AktivitetFactory(
            insats=insats, title="Öppet möte", starts_at=soon + timedelta(days=1), ends_at=None
        ),
        "cancelled": AktivitetFactory(
            insats=insats,
            title="Inställd vandring",
            starts_at=soon + timedelta(days=2),
            cancelled=True,
            cancellation_note="Flyttas på grund av väder",
        ),
        "past": AktivitetFactory(
            insats=insats, title="Förra veckans vandring", starts_at=soon - timedelta(days=10)
        ),
        "draft": AktivitetFactory(
            insats=InsatsFactory(samverkansomrade=area, grupp=grupp), title="Utkastets vandring"
        ),
    }


def _events(client):
    response = client.get(reverse("samverkan:kalender_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_calendar_has_one_event_per_public_upcoming_activity(client, calendar_activities):
    events = _events(client)

    assert sorted(events) == ["Inställd vandring", "Kvällsvandring i Hulta", "Öppet möte"]


def test_the_calendars_hold_the_coming_ninety_days_and_no_later_or_past_events(client, area, grupp):
    hulta = OmradeFactory(name="Hulta")
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp, omraden=[hulta])
    now = timezone.now()
    for title, days in [("Förra månaden", -30), ("I morgon", 1), ("Om 89 dagar", 89)]:
        AktivitetFactory(insats=insats, title=title, starts_at=now + timedelta(days=days))
    AktivitetFactory(insats=insats, title="Om 91 dagar", starts_at=now + timedelta(days=91))

    for url in (
        reverse("samverkan:kalender_ics"),
        reverse("samverkan:omrade_ics", kwargs={"slug": hulta.slug}),
    ):
        events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert sorted(str(e["SUMMARY"]) for e in events) == ["I morgon", "Om 89 dagar"], url


def test_a_calendar_holds_at_most_its_number_of_events_the_soonest_first(
    client, area, grupp, monkeypatch
):
    monkeypatch.setattr("samverkan.aktivitet_ics.CALENDAR_MAX_EVENTS", 2)
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    now = timezone.now()
    for days in (5, 2, 9, 1):
        AktivitetFactory(insats=insats, title=f"Dag {days}", starts_at=now + timedelta(days=days))

    events = _events(client)

    assert sorted(events) == ["Dag 1", "Dag 2"]


def test_every_event_links_back_to_its_activity_page(client, calendar_activities):
    events = _events(client)

    for title, event in events.items():
        url = str(event["URL"])
        match = re.fullmatch(r"http://testserver/aktiviteter/(\d+)/", url)
        assert match, url
        page = client.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200
        assert title in page.content.decode()
    assert {str(e["UID"]) for e in events.values()} == {
        f"aktivitet-{a.pk}@testserver"
        for key, a in calendar_activities.items()
        if key in {"walk", "open", "cancelled"}
    }


def test_event_times_and_place_are_those_of_the_activity(client, calendar_activities):
    walk = calendar_activities["walk"]
    event = _events(client)["Kvällsvandring i Hulta"]

    assert event.decoded("DTSTART") == walk.starts_at
    assert event.decoded("DTEND") == walk.ends_at
    assert str(event["LOCATION"]) == "Utanför biblioteket, Hulta"
    assert str(event["DESCRIPTION"]).startswith("Trygghetsvandringar")


def test_activity_without_end_lasts_an_hour_in_the_calendar(client, calendar_activities):
    event = _events(client)["Öppet möte"]

    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)


def test_cancelled_activity_is_marked_cancelled(client, calendar_activities):
    events = _events(client)

    assert str(events["Inställd vandring"]["STATUS"]) == "CANCELLED"
    assert str(events["Kvällsvandring i Hulta"]["STATUS"]) == "CONFIRMED"


def test_cancelled_activity_page_says_so(client, calendar_activities):
    cancelled = calendar_activities["cancelled"]

    html = client.get(cancelled.get_absolute_url()).content.decode()

    assert "Flyttas på grund av väder" in html
    assert "alert-danger" in html


# ---------------------------------------------------------------------------
# Open data


@pytest.fixture
def open_data(area, grupp):
    fokus = FokusomradeFactory(name="Trygga offentliga miljöer")
    return InsatsFactory(
        published=True,
        samverkansomrade=area,
        grupp=grupp,
        title="Trygghetsvandringar, kvällstid",
        summary='Boende går "tillsammans"; polisen deltar.',
        status=Insats.Status.AVSLUTAD,
        start_date=date(2024, 3, 1),
        end_date=date(2024, 11, 30),
        target_group=Insats.Malgrupp.BOENDE,
        omraden=[OmradeFactory(name="Hulta"), OmradeFactory(name="Norrby")],
        fokusomraden=[fokus],
    )


def _json_rows(client):
    response = client.get(reverse("samverkan:insatser_json"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(b"".join(response.streaming_content))["insatser"]


def _csv_rows(client):
    response = client.get(reverse("samverkan:insatser_csv"))
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # spreadsheet programs read it as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_json_fields_are_the_documented_fields_in_order(client, open_data):
    (row,) = _json_rows(client)

    assert list(row) == FIELD_NAMES


def test_json_values_describe_the_insats(client, open_data):
    (row,) = _json_rows(client)

    assert row["id"] == open_data.pk
    assert row["titel"] == "Trygghetsvandringar, kvällstid"
    assert row["samverkansomrade"] == open_data.samverkansomrade.name
    assert row["ansvarig"] == open_data.responsible.name
    assert sorted(row["omraden"]) == ["Hulta", "Norrby"]
    period = open_data.fokusomraden.get().overenskommelse
    assert row["fokusomraden"] == [
        f"Trygga offentliga miljöer ({period.period_start.year}–{period.period_end.year})"
    ]
    assert row["status"] == "avslutad"
    assert row["startdatum"] == "2024-03-01"
    assert row["slutdatum"] == "2024-11-30"
    assert row["kontakt"] == "Samordnare för lokal samverkan"
    assert row["url"] == f"http://testserver{open_data.get_absolute_url()}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d", row["uppdaterad"])


def test_csv_header_is_the_documented_fields_in_order(client, open_data):
    header, *rows = _csv_rows(client)

    assert header == [*FIELD_NAMES, "licens"]
    assert len(rows) == 1
    assert rows[0][-1] == CC0


def test_csv_values_match_the_json_values(client, open_data):
    header, row = _csv_rows(client)
    as_csv = dict(zip(header, row, strict=True))
    as_json = _json_rows(client)[0]

    for name in FIELD_NAMES:
        value = as_json[name]
        expected = "; ".join(value) if isinstance(value, list) else str(value)
        assert as_csv[name] == expected, name
    assert as_csv["sammanfattning"] == 'Boende går "tillsammans"; polisen deltar.'


def test_open_data_page_documents_every_field(client, open_data):
    html = client.get(reverse("lagesbild:oppna_data")).content.decode()
    section = html.split('<section id="insatser"', 1)[1].split("</section>", 1)[0]

    documented = re.findall(r"<tr><td><code>([^<]+)</code></td>", section)
    assert documented == FIELD_NAMES


def test_atom_feed_lists_the_published_insats_with_its_page(client, open_data):
    response = client.get(reverse("samverkan:insats_feed"))

    feed = ElementTree.fromstring(response.content)  # noqa: S314 - the portal's own feed
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("atom:entry", ns)
    assert [e.find("atom:title", ns).text for e in entries] == [open_data.title]
    link = entries[0].find("atom:link", ns).get("href")
    assert link == f"http://testserver{open_data.get_absolute_url()}"


# ---------------------------------------------------------------------------
# History


@pytest.fixture
def edited(client, coordinator, area, grupp):
    """An insats written and then renamed by a coordinator in the workspace."""
    hulta, norrby = OmradeFactory(name="Hulta"), OmradeFactory(name="Norrby")
    client.force_login(coordinator)
    organ = OrganFactory()
    client.post(
        reverse("samverkan:insats_create"),
        {
            "title": "Nattvandringar i Hulta",
            "summary": "Vuxna vandrar på kvällarna.",
            "description": "",
            "samverkansomrade": area.pk,
            "grupp": grupp.pk,
            "responsible": organ.pk,
            "omraden": [hulta.pk],
            "target_group": "unga",
            "status": "planerad",
            "visibility": "public",
            "contact": "Samordnare för lokal samverkan",
            "contact_email": "",
        },
    )
    insats = Insats.objects.get()
    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
        insats_form_data(insats, title="Nattvandringar i Norrby", omraden=[norrby.pk]),
    )
    assert response.status_code == 302
    insats.refresh_from_db()
    return insats


def _history(client, insats):
    return client.get(reverse("samverkan:insats_history", kwargs={"pk": insats.pk}))


def test_history_page_shows_the_change_of_title(client, edited):
    response = _history(client, edited)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>Nattvandringar i Hulta</del>" in html
    assert "<ins>Nattvandringar i Norrby</ins>" in html
    assert "Test Person" in html  # who made the change


def test_restoring_an_earlier_version_brings_back_the_old_title(client, edited):
    # Saving the form makes one version for the fields and one per change of districts;
    # the last version before the rename has the old title and the old district.
    first = edited.history.filter(title="Nattvandringar i Hulta").latest("history_date")

    response = client.post(
        reverse(
            "samverkan:insats_restore",
            kwargs={"pk": edited.pk, "history_id": first.history_id},
        ),
        follow=True,
    )

    assert response.status_code == 200
    edited.refresh_from_db()
    assert edited.title == "Nattvandringar i Hulta"
    assert [o.name for o in edited.omraden.all()] == ["Hulta"]
    # The restore is itself a new version, so it can be undone.
    assert edited.history.count() >= 3
    assert "<ins>Nattvandringar i Hulta</ins>" in response.content.decode()


def test_restoring_does_not_unpublish(client, coordinator, edited):
    client.post(reverse("samverkan:insats_publish", kwargs={"pk": edited.pk}))
    first = edited.history.earliest("history_date")

    client.post(
        reverse(
            "samverkan:insats_restore",
            kwargs={"pk": edited.pk, "history_id": first.history_id},
        )
    )

    edited.refresh_from_db()
    assert edited.title == "Nattvandringar i Hulta"
    assert edited.publication == Insats.Publication.PUBLISHED
    client.logout()
    assert "Nattvandringar i Hulta" in client.get(edited.get_absolute_url()).content.decode()


def test_restoring_a_version_with_a_personnummer_into_a_published_insats_is_refused(
    client, coordinator, edited
):
    client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": edited.pk}),
        insats_form_data(edited, description="Anteckning om 811218-9876"),
    )
    with_number = edited.history.latest("history_date")
    client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": edited.pk}),
        insats_form_data(edited, description="Rensad anteckning"),
    )
    client.post(reverse("samverkan:insats_publish", kwargs={"pk": edited.pk}))

    response = client.post(
        reverse(
            "samverkan:insats_restore",
            kwargs={"pk": edited.pk, "history_id": with_number.history_id},
        ),
        follow=True,
    )

    edited.refresh_from_db()
    assert edited.publication == Insats.Publication.PUBLISHED
    assert edited.description == "Rensad anteckning"
    assert any("811218-****" in str(m) for m in response.context["messages"])


def test_version_of_another_insats_cannot_be_restored(client, edited, area, grupp):
    other = InsatsFactory(samverkansomrade=area, grupp=grupp, title="Annan insats")
    foreign = other.history.earliest("history_date")

    response = client.post(
        reverse(
            "samverkan:insats_restore",
            kwargs={"pk": edited.pk, "history_id": foreign.history_id},
        )
    )

    assert response.status_code == 404
    edited.refresh_from_db()
    assert edited.title == "Nattvandringar i Norrby"


def test_history_page_opens_for_a_demo_insats_saved_without_a_user(client, db, settings):
    """`make run` loads the demo insatser from a command, so their versions have no user."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    insats = Insats.objects.get(slug="trygghetsvandringar")
    assert insats.history.filter(history_user__isnull=True).exists()
    client.force_login(get_user_model().objects.get(username="samordnare"))

    response = _history(client, insats)

    assert response.status_code == 200
    assert insats.title in response.content.decode()
