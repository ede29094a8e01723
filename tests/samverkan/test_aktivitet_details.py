"""An activity's practical details: organiser, a role's contact address, sign-up and the
meeting place's accessibility, on its page, in its .ics and in the workspace form."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from organisation.models import Organ
from samverkan.models import Aktivitet, Samverkansgrupp
from tests.factories import (
    AktivitetFactory,
    InsatsFactory,
    OrganFactory,
    SamverkansgruppFactory,
    UserFactory,
)

PERSONNUMMER = "811218-9876"


@pytest.fixture
def aktivitet(area, grupp):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    starts = timezone.now() + timedelta(days=10)
    return AktivitetFactory(
        insats=insats,
        title="Kontrollvandring",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        organiser_grupp=grupp,
        contact_email="lokalsamverkan@example.org",
        signup=Aktivitet.Anmalan.REQUIRED,
        signup_how="Skriv till lokalsamverkan@example.org",
        signup_by=timezone.localdate(starts) - timedelta(days=2),
        step_free=Aktivitet.Steglost.YES,
        accessibility="Asfalterade gångvägar och bänkar vid torget.",
    )


def _event(client, aktivitet):
    response = client.get(reverse("samverkan:aktivitet_ics", kwargs={"pk": aktivitet.pk}))
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return event


def test_the_page_shows_organiser_contact_sign_up_and_accessibility(client, aktivitet):
    html = client.get(aktivitet.get_absolute_url()).content.decode()

    assert "Områdesnätverk Hulta" in html
    assert 'href="mailto:lokalsamverkan@example.org"' in html
    signup = html.split('id="anmalan">', 1)[1].split("</dd>", 1)[0]
    assert "Anmälan krävs: Skriv till lokalsamverkan@example.org" in signup
    assert f"{aktivitet.signup_by.day} " in signup
    access = html.split('id="tillganglighet">', 1)[1].split("</dd>", 1)[0]
    assert "Steglöst: ja." in access and "bänkar vid torget" in access


def test_an_activity_without_details_says_to_just_come_and_that_access_is_not_known(client, db):
    plain = AktivitetFactory(insats=InsatsFactory(published=True))

    html = client.get(plain.get_absolute_url()).content.decode()

    assert "Ingen anmälan, kom bara." in html
    assert "Steglöst: okänt." in html


def test_the_calendar_file_names_the_organiser_with_the_role_address(client, aktivitet):
    event = _event(client, aktivitet)

    assert str(event["organizer"]) == "mailto:lokalsamverkan@example.org"
    assert event["organizer"].params["cn"] == "Områdesnätverk Hulta"
    description = str(event["description"])
    assert "Anmälan krävs: Skriv till lokalsamverkan@example.org" in description
    assert "Steglöst: ja. Asfalterade gångvägar" in description


def test_a_group_residents_may_not_see_is_never_named_as_organiser(client, aktivitet, area):
    hidden = SamverkansgruppFactory(name="Interngruppmarkor", samverkansomrade=area)
    Aktivitet.objects.filter(pk=aktivitet.pk).update(organiser_grupp=hidden)
    Samverkansgrupp.objects.filter(pk=hidden.pk).update(is_public=False)

    html = client.get(aktivitet.get_absolute_url()).content.decode()
    ics = client.get(reverse("samverkan:aktivitet_ics", kwargs={"pk": aktivitet.pk})).content

    assert "Interngruppmarkor" not in html
    assert b"Interngruppmarkor" not in ics
    assert aktivitet.insats.responsible.name in html


def _post(client, official, aktivitet, **changes):
    client.force_login(official)
    data = {
        "title": aktivitet.title,
        "starts_at": timezone.localtime(aktivitet.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(aktivitet.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "meeting_point": "Hulta torg",
        "signup": "ingen",
        "step_free": "okant",
        **changes,
    }
    return client.post(
        reverse(
            "samverkan:aktivitet_edit",
            kwargs={"pk": aktivitet.insats.pk, "aktivitet_pk": aktivitet.pk},
        ),
        data,
    )


def _errors(response, field):
    return [e.code for e in response.context["form"].errors.as_data().get(field, [])]


def test_an_official_edits_the_details_in_the_workspace(client, official, aktivitet):
    polisen = OrganFactory(name="Polisen i test")

    response = _post(
        client,
        official,
        aktivitet,
        organiser_grupp="",
        organiser_organ=str(polisen.pk),
        contact_email="trygghet@example.org",
        signup="kravs",
        signup_how="Ring kontaktcenter",
        step_free="nej",
        accessibility="Trappor upp till entrén.",
    )

    assert response.status_code == 302
    aktivitet.refresh_from_db()
    assert aktivitet.organiser_name == "Polisen i test"
    assert (aktivitet.signup, aktivitet.step_free) == ("kravs", "nej")
    assert aktivitet.contact_email == "trygghet@example.org"


def test_a_persons_account_address_is_refused_as_contact(client, official, aktivitet):
    UserFactory(username="anna", email="anna.svensson@example.org")

    response = _post(client, official, aktivitet, contact_email="Anna.Svensson@example.org")

    assert response.status_code == 200
    assert _errors(response, "contact_email") == ["personal_address"]


def test_an_address_made_of_an_account_holders_name_is_refused(client, official, aktivitet):
    UserFactory(username="bo", first_name="Bo", last_name="Ek", email="")

    response = _post(client, official, aktivitet, contact_email="bo.ek@kommun.example.org")

    assert _errors(response, "contact_email") == ["personal_address"]


def test_a_function_mailbox_with_two_words_is_accepted(client, official, aktivitet):
    response = _post(client, official, aktivitet, contact_email="lokal.samverkan@example.org")

    assert response.status_code == 302


def test_sign_up_required_needs_how_and_a_day_before_the_activity(client, official, aktivitet):
    too_late = timezone.localdate(aktivitet.starts_at) + timedelta(days=1)

    response = _post(client, official, aktivitet, signup="kravs", signup_by=too_late.isoformat())

    assert _errors(response, "signup_how") == ["signup_how_missing"]
    assert _errors(response, "signup_by") == ["signup_after_start"]


def test_how_to_sign_up_without_sign_up_required_is_refused(client, official, aktivitet):
    response = _post(client, official, aktivitet, signup="ingen", signup_how="Ring oss")

    assert _errors(response, "signup") == ["signup_not_required"]


def test_an_internal_group_is_not_offered_as_organiser(client, official, aktivitet, area):
    hidden = SamverkansgruppFactory(samverkansomrade=area, is_public=False)

    response = _post(client, official, aktivitet, organiser_grupp=str(hidden.pk))

    assert _errors(response, "organiser_grupp") == ["invalid_choice"]


def test_a_personnummer_in_the_accessibility_text_of_a_published_insats_is_refused(
    client, official, aktivitet
):
    response = _post(client, official, aktivitet, accessibility=f"Fråga {PERSONNUMMER}")

    assert _errors(response, "accessibility") == ["personnummer"]
    aktivitet.refresh_from_db()
    assert PERSONNUMMER not in aktivitet.accessibility


def test_the_guard_refuses_a_personnummer_in_how_to_sign_up_whatever_the_entry_point(aktivitet):
    aktivitet.signup_how = f"Ring {PERSONNUMMER}"

    with pytest.raises(ValidationError):
        aktivitet.save()


def test_two_organisers_are_refused_by_the_database(aktivitet):
    with pytest.raises(IntegrityError), transaction.atomic():
        Aktivitet.objects.filter(pk=aktivitet.pk).update(organiser_organ=Organ.objects.first())
