"""Bad input gets a clear form error and changes nothing; personnummer never reach the public."""

import re

import pytest
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from organisation.personnummer import find_personnummer, refuse_personnummer
from samverkan.models import Aktivitet, Insats, Uppfoljning
from tests.factories import (
    AktivitetFactory,
    InsatsFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
    insats_form_data,
)

PERSONNUMMER = "811218-9876"  # Luhn-valid: 8·2,1,1·2,2,1·2,8,9·2,8,7·2,6 → 7+1+2+2+2+8+9+8+5+6 = 50


def _create_data(area, grupp, **changes):
    data = {
        "title": "Trygghetsvandring på Norrby",
        "summary": "Boende och polis går tillsammans genom området.",
        "description": "Vi tittar på belysning och buskage.",
        "samverkansomrade": area.pk,
        "grupp": grupp.pk,
        "responsible": OrganFactory().pk,
        "target_group": Insats.Malgrupp.BOENDE,
        "status": Insats.Status.PLANERAD,
        "start_date": "",
        "end_date": "",
        "visibility": Insats.Visibility.PUBLIC,
        "contact": "Samordnare för lokal samverkan",
        "contact_email": "trygghet@example.org",
    }
    data.update(changes)
    return data


def _error_codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def _messages(response):
    return [(m.level, m.message) for m in response.context["messages"]]


def _create(client, user, data):
    client.force_login(user)
    return client.post(reverse("samverkan:insats_create"), data)


# ---------------------------------------------------------------------------
# The insats form


def test_end_date_before_start_is_refused_and_nothing_is_saved(client, coordinator, area, grupp):
    response = _create(
        client,
        coordinator,
        _create_data(
            area, grupp, status="pagaende", start_date="2026-05-01", end_date="2026-04-01"
        ),
    )

    assert response.status_code == 200
    assert "end_before_start" in _error_codes(response, "end_date")
    # The message is shown to the user, whatever its wording.
    message = response.context["form"].errors["end_date"][0]
    assert escape(message) in response.content.decode()
    assert Insats.objects.count() == 0


def test_unknown_district_is_refused_with_a_swedish_message(client, coordinator, area, grupp):
    OmradeFactory(name="Hulta")
    OmradeFactory(name="Norrby")

    response = _create(client, coordinator, _create_data(area, grupp, omraden=["999999"]))

    assert response.status_code == 200
    assert _error_codes(response, "omraden") == ["invalid_choice"]
    assert (
        "Välj ett giltigt alternativ. 999999 finns inte bland tillgängliga alternativ."
        in response.content.decode()
    )
    assert Insats.objects.count() == 0


def test_known_district_is_accepted(client, coordinator, area, grupp):
    hulta = OmradeFactory(name="Hulta")

    response = _create(client, coordinator, _create_data(area, grupp, omraden=[str(hulta.pk)]))

    assert response.status_code == 302
    assert list(Insats.objects.get().omraden.all()) == [hulta]


def test_area_outside_ones_scope_is_refused(client, official, grupp):
    elsewhere = SamverkansomradeFactory()

    response = _create(client, official, _create_data(elsewhere, grupp))

    assert response.status_code == 200
    assert _error_codes(response, "samverkansomrade") == ["invalid_choice"]
    assert Insats.objects.count() == 0


def test_group_of_another_area_is_refused(client, administrator, area, grupp):
    other_area = SamverkansomradeFactory()

    response = _create(client, administrator, _create_data(other_area, grupp))

    assert response.status_code == 200
    assert _error_codes(response, "grupp") == ["group_area"]
    assert Insats.objects.count() == 0


def test_oversized_description_is_refused(client, coordinator, area, grupp):
    response = _create(client, coordinator, _create_data(area, grupp, description="x" * 20001))

    assert response.status_code == 200
    assert _error_codes(response, "description") == ["max_length"]
    assert (
        "Säkerställ att detta värde har som mest 20000 tecken (den har 20001)."
        in response.content.decode()
    )
    assert Insats.objects.count() == 0


def test_finished_insats_without_end_date_is_refused_by_the_form(client, coordinator, area, grupp):
    response = _create(
        client,
        coordinator,
        _create_data(area, grupp, status="avslutad", start_date="2025-01-01", end_date=""),
    )

    assert response.status_code == 200
    assert "end_missing" in _error_codes(response, "end_date")
    assert Insats.objects.count() == 0


def test_new_insats_is_saved_as_a_draft_even_if_the_form_says_published(
    client, coordinator, area, grupp
):
    response = _create(client, coordinator, _create_data(area, grupp, publication="published"))

    assert response.status_code == 302
    insats = Insats.objects.get()
    assert insats.publication == Insats.Publication.DRAFT
    assert client.get(insats.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------------------
# Markdown


HOSTILE_MARKDOWN = """Vanlig text med en [länk till Polisen](https://polisen.se).

<script>alert("skript")</script>

<img src="x" onerror="alert('bild')">

[Klicka här](javascript:alert('länk'))

<a href="javascript:alert('a')" onclick="alert('klick')">rå länk</a>

<iframe src="https://example.com"></iframe>
"""


def test_description_over_20000_characters_is_refused_and_nothing_is_saved(
    client, coordinator, area, grupp
):
    response = _create(client, coordinator, _create_data(area, grupp, description="a" * 20_001))

    assert response.status_code == 200
    assert "max_length" in _error_codes(response, "description")
    message = response.context["form"].errors["description"][0]
    assert "20000" in message and "tecken" in message
    assert escape(message) in response.content.decode()
    assert Insats.objects.count() == 0


@pytest.mark.parametrize("page", ["public", "workspace"])
def test_script_in_markdown_description_is_rendered_inert(client, coordinator, area, grupp, page):
    insats = InsatsFactory(
        published=True, samverkansomrade=area, grupp=grupp, description=HOSTILE_MARKDOWN
    )
    if page == "workspace":
        client.force_login(coordinator)
        url = reverse("samverkan:arbetsyta_insats", kwargs={"pk": insats.pk})
    else:
        url = insats.get_absolute_url()

    html = client.get(url).content.decode()

    rich = re.search(r'<div class="rich-text[^"]*">(.*?)</div>', html, re.S).group(1)
    assert "Vanlig text med en" in rich
    assert 'href="https://polisen.se"' in rich
    assert "<script" not in rich
    assert "<img" not in rich
    assert "<iframe" not in rich
    assert "alert(" not in rich
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    # The only scripts on the page are the site's own files.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all('src="/static/' in tag for tag in scripts)


# ---------------------------------------------------------------------------
# Personnummer: the checker


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",
        "8112189876",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # a person over 100 years old
        "811218 9876",
        "Kontaktperson: 811218-9876, ring efter lunch.",
        "811278-9873",  # samordningsnummer: day 18 + 60
    ],
)
def test_personnummer_is_found(text):
    hits = find_personnummer(text)

    assert len(hits) == 1
    assert hits[0].masked.endswith("-****")


def test_found_personnummer_is_masked():
    assert [hit.masked for hit in find_personnummer("Nr 19811218-9876")] == ["811218-****"]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "811218-9877",
        "070-123 45 67",  # mobile phone number
        "0701234567",
        "Ring 031-700 12 34",
        "20231231-0000",  # date and four digits, not Luhn-valid
        "19990101-1234",
        "2024-01-15",
        "20240115",
        "811318-9876",  # month 13
        "811292-9876",  # day 92 is not a samordningsnummer either
        "Ordernummer 12811218987634",  # part of a longer number
        "",
    ],
)
def test_number_that_is_not_a_personnummer_passes(text):
    assert find_personnummer(text) == []


def test_refusal_names_the_field_and_the_line_without_repeating_the_number():
    with pytest.raises(ValidationError) as caught:
        refuse_personnummer(
            {
                "title": ("Titel", "Trygghetsvandring"),
                "description": ("Beskrivning", f"Första raden\nAndra raden {PERSONNUMMER}"),
            }
        )

    assert list(caught.value.error_dict) == ["description"]
    (error,) = caught.value.error_dict["description"]
    assert error.code == "personnummer"
    assert error.params["line"] == 2
    (message,) = caught.value.message_dict["description"]
    assert "Beskrivning" in message
    assert "811218-****" in message
    assert PERSONNUMMER not in message


# ---------------------------------------------------------------------------
# Personnummer: publishing and editing


@pytest.fixture
def draft_with_personnummer(area, grupp):
    return InsatsFactory(
        samverkansomrade=area,
        grupp=grupp,
        title="Stöd till familjer",
        description=f"Familjen med personnummer {PERSONNUMMER} har fått stöd.",
    )


def test_draft_may_hold_a_personnummer_while_it_is_written(client, official, area, grupp):
    response = _create(
        client, official, _create_data(area, grupp, description=f"Anteckning {PERSONNUMMER}")
    )

    assert response.status_code == 302
    assert Insats.objects.get().publication == Insats.Publication.DRAFT


def test_publishing_with_a_personnummer_is_refused_naming_the_field(
    client, coordinator, draft_with_personnummer
):
    insats = draft_with_personnummer
    client.force_login(coordinator)

    response = client.post(
        reverse("samverkan:insats_publish", kwargs={"pk": insats.pk}), follow=True
    )

    messages = _messages(response)
    assert len(messages) == 1
    level, text = messages[0]
    assert level == message_levels.ERROR
    assert "Beskrivning" in text  # the field's Swedish label
    assert "811218-****" in text
    assert PERSONNUMMER not in text
    insats.refresh_from_db()
    assert insats.publication == Insats.Publication.DRAFT
    assert insats.published_at is None
    client.logout()
    assert client.get(insats.get_absolute_url()).status_code == 404


def test_publishing_with_a_personnummer_in_a_public_follow_up_is_refused(
    client, coordinator, area, grupp
):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp)
    UppfoljningFactory(insats=insats, is_public=True, done=f"Samtal med {PERSONNUMMER}.")
    client.force_login(coordinator)

    response = client.post(
        reverse("samverkan:insats_publish", kwargs={"pk": insats.pk}), follow=True
    )

    (level, text), *_ = _messages(response)
    assert level == message_levels.ERROR
    assert "811218-****" in text
    insats.refresh_from_db()
    assert insats.publication == Insats.Publication.DRAFT


def test_publishing_with_a_personnummer_in_an_activity_is_refused(client, coordinator, area, grupp):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp)
    AktivitetFactory(insats=insats, meeting_point=f"Hos {PERSONNUMMER}")
    client.force_login(coordinator)

    client.post(reverse("samverkan:insats_publish", kwargs={"pk": insats.pk}))

    insats.refresh_from_db()
    assert insats.publication == Insats.Publication.DRAFT


def test_internal_follow_up_with_a_personnummer_does_not_stop_publishing(
    client, coordinator, area, grupp
):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp)
    UppfoljningFactory(insats=insats, is_public=False, done=f"Samtal med {PERSONNUMMER}.")
    client.force_login(coordinator)

    client.post(reverse("samverkan:insats_publish", kwargs={"pk": insats.pk}))

    insats.refresh_from_db()
    assert insats.publication == Insats.Publication.PUBLISHED
    client.logout()
    html = client.get(insats.get_absolute_url()).content.decode()
    assert PERSONNUMMER not in html


def test_editing_a_published_insats_with_a_personnummer_is_refused(client, official, area, grupp):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    before = insats.description
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
        insats_form_data(insats, summary=f"Kontakt {PERSONNUMMER}"),
    )

    assert response.status_code == 200
    assert _error_codes(response, "summary") == ["personnummer"]
    insats.refresh_from_db()
    assert insats.description == before
    assert PERSONNUMMER not in insats.summary
    client.logout()
    assert PERSONNUMMER not in client.get(insats.get_absolute_url()).content.decode()


def test_editing_a_draft_with_a_personnummer_is_allowed(client, official, area, grupp):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
        insats_form_data(insats, description=f"Intern anteckning {PERSONNUMMER}"),
    )

    assert response.status_code == 302


def _followup_data(is_public, done):
    data = {"date": "2026-01-15", "done": done, "result": "", "participants": "12"}
    if is_public:
        data["is_public"] = "on"
    return data


def test_public_follow_up_with_a_personnummer_is_refused(client, official, area, grupp):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:uppfoljning_create", kwargs={"pk": insats.pk}),
        _followup_data(True, f"Pratade med {PERSONNUMMER} om grannsamverkan."),
    )

    assert response.status_code == 200
    assert _error_codes(response, "done") == ["personnummer"]
    assert not Uppfoljning.objects.exists()


def test_internal_follow_up_with_a_personnummer_is_accepted(client, official, area, grupp):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:uppfoljning_create", kwargs={"pk": insats.pk}),
        _followup_data(False, f"Pratade med {PERSONNUMMER} om grannsamverkan."),
    )

    assert response.status_code == 302
    entry = Uppfoljning.objects.get()
    assert entry.is_public is False
    assert entry.author == official
    client.logout()
    assert PERSONNUMMER not in client.get(insats.get_absolute_url()).content.decode()


def test_activity_of_a_published_insats_with_a_personnummer_is_refused(
    client, official, area, grupp
):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:aktivitet_create", kwargs={"pk": insats.pk}),
        {
            "title": "Trygghetsvandring",
            "starts_at": "2030-05-01T18:00",
            "ends_at": "2030-05-01T20:00",
            "meeting_point": f"Hos {PERSONNUMMER}",
            "description": "",
        },
    )

    assert response.status_code == 200
    assert _error_codes(response, "meeting_point") == ["personnummer"]
    assert not Aktivitet.objects.exists()


def test_activity_ending_before_it_starts_is_refused(client, official, area, grupp):
    insats = InsatsFactory(samverkansomrade=area, grupp=grupp)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:aktivitet_create", kwargs={"pk": insats.pk}),
        {
            "title": "Trygghetsvandring",
            "starts_at": "2030-05-01T18:00",
            "ends_at": "2030-05-01T17:00",
            "meeting_point": "Torget",
            "description": "",
        },
    )

    assert response.status_code == 200
    message = response.context["form"].errors["ends_at"][0]
    assert escape(message) in response.content.decode()
    assert not Aktivitet.objects.exists()


def test_cancellation_note_with_a_personnummer_is_refused_on_a_published_insats(
    client, official, area, grupp
):
    insats = InsatsFactory(published=True, samverkansomrade=area, grupp=grupp)
    aktivitet = AktivitetFactory(insats=insats)
    client.force_login(official)

    response = client.post(
        reverse(
            "samverkan:aktivitet_cancel", kwargs={"pk": insats.pk, "aktivitet_pk": aktivitet.pk}
        ),
        {"note": f"Sjuk: {PERSONNUMMER}"},
        follow=True,
    )

    (level, text), *_ = _messages(response)
    assert level == message_levels.ERROR
    assert "811218-****" in text
    aktivitet.refresh_from_db()
    assert aktivitet.cancelled is False
    assert aktivitet.cancellation_note == ""


# ---------------------------------------------------------------------------
# The database is the last line


@pytest.mark.django_db
def test_database_refuses_a_finished_insats_without_end_date():
    insats = InsatsFactory(status=Insats.Status.PAGAENDE, start_date="2025-01-01", end_date=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)

    insats.refresh_from_db()
    assert insats.status == Insats.Status.PAGAENDE


@pytest.mark.django_db
def test_database_refuses_an_insats_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        InsatsFactory(start_date="2025-05-01", end_date="2025-04-01")


@pytest.mark.django_db
def test_database_refuses_a_started_insats_without_start_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        InsatsFactory(status=Insats.Status.PAGAENDE, start_date=None)


@pytest.mark.django_db
def test_database_refuses_an_activity_that_ends_before_it_starts():
    aktivitet = AktivitetFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Aktivitet.objects.filter(pk=aktivitet.pk).update(ends_at=aktivitet.starts_at)
