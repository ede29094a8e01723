"""Every form of the portal, one hostile value in one field at a time.

An accepted post may write (inside the test's savepoint); a refused one must write nothing at
all, no answer may be a server error, and the script marker is never echoed unescaped.
"""

import pytest
from django.urls import reverse

from tests.factories import insats_form_data
from tests.hardening.conftest import MARKER, count_rows

HOSTILE_VALUES = {
    "nul": "a\x00b",
    "script": MARKER,
    "huge": "x" * 100_001,
    # A superscript digit (isdigit() is true, int() fails) in a number too big for any column.
    "odd_number": "²" + "9" * 30,
}
DATE_FIELDS = {
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "date",
    "period_start",
    "period_end",
    "adopted_on",
}


def _empty_formset(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def _forms(world):
    """(name, url, valid data, user) for every form a user can post."""
    insats, forum, mote = world["insats"], world["forum"], world["mote"]
    official = world["official"]
    return [
        (
            "mote_create",
            reverse("organisation:mote_create", kwargs={"slug": forum.slug}),
            {
                "kind": "halvdag",
                "title": "Nytt möte",
                "starts_at": "2026-03-01T09:00",
                "ends_at": "2026-03-01T12:00",
                "place": "Stadshuset",
                "status": "planerat",
                "cancellation_reason": "",
                "is_public": "on",
                **_empty_formset("agenda_items"),
            },
            official,
        ),
        (
            "mote_minutes",
            reverse("organisation:mote_minutes", kwargs={"pk": mote.pk}),
            {"minutes": "Anteckningar", "attended_by": "", **_empty_formset("beslut")},
            official,
        ),
        (
            "insats_create",
            reverse("samverkan:insats_create"),
            insats_form_data(insats, title="Ny insats", status="planerad", start_date=""),
            official,
        ),
        (
            "insats_edit",
            reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
            insats_form_data(insats),
            official,
        ),
        (
            "uppfoljning_create",
            reverse("samverkan:uppfoljning_create", kwargs={"pk": insats.pk}),
            {
                "date": "2026-01-10",
                "done": "Vi vandrade.",
                "result": "Bättre belysning.",
                "participants": "12",
                "places_visited": "3",
            },
            official,
        ),
        (
            "aktivitet_create",
            reverse("samverkan:aktivitet_create", kwargs={"pk": insats.pk}),
            {
                "title": "Vandring",
                "starts_at": "2026-05-01T18:00",
                "ends_at": "2026-05-01T20:00",
                "meeting_point": "Torget",
                "omrade": str(world["omrade"].pk),
                "description": "Vi går tillsammans.",
            },
            official,
        ),
        (
            "aktivitet_cancel",
            reverse(
                "samverkan:aktivitet_cancel",
                kwargs={"pk": insats.pk, "aktivitet_pk": world["aktivitet"].pk},
            ),
            {"note": "Regn"},
            official,
        ),
        (
            "lagesbild_create",
            reverse("lagesbild:create"),
            {
                "title": "Ny lägesbild",
                "scope": "kommun",
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "author_body": str(world["lagesbild"].author_body_id),
                "kartlaggning": "Kartläggning",
                "analys": "Analys",
                "sources": "Polisen",
                **_empty_formset("problem"),
            },
            official,
        ),
        (
            "lagesbild_summary",
            reverse("lagesbild:summary", kwargs={"pk": world["lagesbild"].pk}),
            {"public_summary": "Läget är oförändrat."},
            official,
        ),
        (
            "atgardsplan_create",
            reverse("lagesbild:atgardsplan_create"),
            {
                "title": "Ny plan",
                "lagesbild": str(world["lagesbild"].pk),
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "status": "utkast",
            },
            official,
        ),
        (
            "login",
            reverse("organisation:login"),
            {"username": "tjansteperson", "password": "fel-losenord"},
            None,
        ),
    ]


def _cases():
    fields = {
        "mote_create": [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "agenda_items-TOTAL_FORMS",
        ],
        "mote_minutes": ["minutes", "attended_by", "beslut-TOTAL_FORMS"],
        "insats_create": [
            "title",
            "summary",
            "samverkansomrade",
            "grupp",
            "responsible",
            "target_group",
            "start_date",
            "contact_email",
        ],
        "insats_edit": ["title", "description", "status", "end_date", "visibility", "partners"],
        "uppfoljning_create": ["date", "done", "participants", "places_visited"],
        "aktivitet_create": ["title", "starts_at", "ends_at", "omrade"],
        "aktivitet_cancel": ["note"],
        "lagesbild_create": [
            "title",
            "scope",
            "period_start",
            "author_body",
            "analys",
            "problem-TOTAL_FORMS",
        ],
        "lagesbild_summary": ["public_summary"],
        "atgardsplan_create": ["title", "lagesbild", "period_end", "adopted_on"],
        "login": ["username", "password"],
    }
    return [
        (form, field, value)
        for form, names in fields.items()
        for field in names
        for value in [*HOSTILE_VALUES, *(["year_1"] if field in DATE_FIELDS else [])]
    ]


@pytest.mark.parametrize(("form", "field", "value"), _cases())
def test_a_hostile_value_in_any_form_field_is_refused_or_saved_safely(
    client, db, shared_world, form, field, value
):
    [(_, url, data, user)] = [entry for entry in _forms(shared_world) if entry[0] == form]
    if user is not None:
        client.force_login(user)
    before = count_rows()
    hostile = "0001-01-01" if value == "year_1" else HOSTILE_VALUES[value]
    response = client.post(url, {**data, field: hostile})
    assert response.status_code < 500
    assert MARKER.encode() not in response.content
    if response.status_code != 302:
        assert count_rows() == before, "a refused post wrote rows"
