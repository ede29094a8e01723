"""Dates and times outside 2000–2100 are refused with a message, in forms, admin and the database.

On PostgreSQL a year-1 time in Europe/Stockholm is stored as a year before Christ in UTC, which
the database driver cannot read back: every later page showing the row would answer 500. The
form refuses it, and a CHECK constraint makes such a row impossible whatever writes it.
"""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from lagesbild.models import Lagesbild
from organisation.models import Beslut, Mote
from samverkan.models import Aktivitet, Insats, Uppfoljning
from tests.factories import AktivitetFactory, InsatsFactory, MoteFactory

REFUSED = "Ange ett datum mellan år 2000 och 2100."


def test_an_activity_starting_in_year_1_is_refused_with_a_message(client, world, row_counts):
    client.force_login(world["official"])
    insats = world["insats"]
    row_counts.snapshot()
    response = client.post(
        reverse("samverkan:aktivitet_create", kwargs={"pk": insats.pk}),
        {"title": "Vandring år 1", "starts_at": "0001-01-01T00:00", "meeting_point": "Torget"},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()
    assert client.get(insats.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [("1999-12-31T23:00", ""), ("2101-01-01T00:00", ""), ("2026-05-01T10:00", "9999-12-31T23:59")],
)
def test_activity_times_outside_the_range_are_refused(
    client, world, row_counts, starts_at, ends_at
):
    client.force_login(world["official"])
    row_counts.snapshot()
    response = client.post(
        reverse("samverkan:aktivitet_create", kwargs={"pk": world["insats"].pk}),
        {
            "title": "Vandring",
            "starts_at": starts_at,
            "ends_at": ends_at,
            "meeting_point": "Torget",
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()


def test_a_meeting_in_year_1_is_refused_with_a_message(client, world, row_counts):
    client.force_login(world["official"])
    row_counts.snapshot()
    response = client.post(
        reverse("organisation:mote_create", kwargs={"slug": world["forum"].slug}),
        {
            "kind": "halvdag",
            "starts_at": "0001-01-01T09:00",
            "ends_at": "0001-01-01T12:00",
            "status": "planerat",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()


def test_an_insats_starting_in_year_1_is_refused_with_a_message(client, world, row_counts):
    from tests.factories import insats_form_data

    client.force_login(world["official"])
    insats = world["insats"]
    row_counts.snapshot()
    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
        insats_form_data(insats, start_date="0001-01-01"),
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()


def test_a_follow_up_dated_year_3000_is_refused_with_a_message(client, world, row_counts):
    client.force_login(world["official"])
    row_counts.snapshot()
    response = client.post(
        reverse("samverkan:uppfoljning_create", kwargs={"pk": world["insats"].pk}),
        {"date": "3000-01-01", "done": "Vi vandrade."},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()


def test_a_lagesbild_period_from_year_1_is_refused_with_a_message(client, world, row_counts):
    client.force_login(world["official"])
    row_counts.snapshot()
    response = client.post(
        reverse("lagesbild:create"),
        {
            "title": "Lägesbild år 1",
            "scope": "kommun",
            "period_start": "0001-01-01",
            "period_end": "0001-12-31",
            "problem-TOTAL_FORMS": "0",
            "problem-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    row_counts.assert_unchanged()


STOCKHOLM_YEAR_1 = datetime(1, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (AktivitetFactory, "starts_at", STOCKHOLM_YEAR_1),
        (MoteFactory, "starts_at", STOCKHOLM_YEAR_1),
        (InsatsFactory, "start_date", date(1, 1, 1)),
        (InsatsFactory, "end_date", date(9999, 12, 31)),
    ],
)
def test_the_database_refuses_dates_outside_the_range_whatever_writes_them(
    db, factory, field, value
):
    row = factory()
    model = type(row)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: value})


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Aktivitet, "starts_at"),
        (Aktivitet, "ends_at"),
        (Mote, "starts_at"),
        (Mote, "ends_at"),
        (Mote, "minutes_published_at"),
        (Beslut, "due_date"),
        (Insats, "start_date"),
        (Insats, "end_date"),
        (Insats, "published_at"),
        (Insats, "archived_at"),
        (Uppfoljning, "date"),
        (Lagesbild, "period_start"),
        (Lagesbild, "period_end"),
        (Lagesbild, "adopted_on"),
        (Lagesbild, "summary_published_at"),
    ],
)
def test_every_entered_date_field_validates_its_range(model, field):
    model_field = model._meta.get_field(field)
    too_early = datetime(1999, 12, 31, 12, tzinfo=UTC) if "_at" in field else date(1999, 12, 31)
    errors = []
    for validator in model_field.validators:
        try:
            validator(too_early)
        except ValidationError as exc:
            errors.append(exc)
    assert errors, f"{model.__name__}.{field} accepts {too_early}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the driver crash is PostgreSQL's")
def test_a_page_with_an_activity_in_year_1_does_not_answer_500(client, world):
    """Why the constraint matters: without it this row is written and the page cannot be read."""
    aktivitet = world["aktivitet"]
    with (
        pytest.raises(IntegrityError, match="aktivitet_starts_at_in_range"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE samverkan_aktivitet SET starts_at = %s WHERE id = %s",
            ["0001-01-01T00:00:00+01:12:12", aktivitet.pk],
        )
    assert client.get(aktivitet.insats.get_absolute_url()).status_code == 200
