from django.urls import reverse
from icalendar import Calendar

from tests.factories import AktivitetFactory, InsatsFactory


def test_an_activity_page_offers_a_file_with_that_event_alone(client, db):
    insats = InsatsFactory(published=True)
    aktivitet = AktivitetFactory(insats=insats, title="Kontrollvandring")
    AktivitetFactory(insats=insats, title="Annan vandring")

    page = client.get(aktivitet.get_absolute_url()).content.decode()
    response = client.get(reverse("samverkan:aktivitet_ics", kwargs={"pk": aktivitet.pk}))
    events = Calendar.from_ical(response.content).walk("VEVENT")

    assert f'href="/aktiviteter/{aktivitet.pk}.ics"' in page
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(e["summary"]) for e in events] == ["Kontrollvandring"]


def test_an_activity_of_a_draft_has_no_calendar_file(client, db):
    hidden = AktivitetFactory(insats=InsatsFactory(), title="Utkastmarkor")

    response = client.get(reverse("samverkan:aktivitet_ics", kwargs={"pk": hidden.pk}))

    assert response.status_code == 404
    assert b"Utkastmarkor" not in response.content
