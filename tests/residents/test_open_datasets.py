"""The open datasets of meetings, decisions, activities and the organisation: planted internal
rows never appear, a control row in each file does, the fields are the documented ones, the
number of queries does not grow with the data and no cell is a spreadsheet formula."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.oppna_data import DATASETS
from organisation.models import CC0, Kommun, Mote
from samverkan.models import Aktivitet, Samverkansgrupp
from tests.factories import (
    AktivitetFactory,
    BeslutFactory,
    FokusomradeFactory,
    ForumFactory,
    InsatsFactory,
    MoteFactory,
    OmradeFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
)

FILES = {
    "moten": "organisation:moten",
    "beslut": "organisation:beslut",
    "aktiviteter": "samverkan:aktiviteter",
    "organisation": "samverkan:organisation",
}
HIDDEN = [
    "internforummarkor",  # an internal forum: its name, its slug, its meeting and decisions
    "Internmotesmarkor",  # a non-public meeting of a public forum, minutes published
    "Opubliceradmarkor",  # a held public meeting whose minutes are not published
    "Internbeslutmarkor",  # the decisions of those meetings
    "Interngruppmarkor",  # an internal group
    "Estgruppmarkor",  # an EST group, public flag or not
    "Utkastmarkor",  # an activity of a draft insats
    "Interninsatsmarkor",  # an activity of an internal insats
]
CONTROLS = {
    "moten": ["Kontrollmöte", "Kontrollforum", "Bodarna deltog"],
    "beslut": ["Kontrollbeslut"],
    "aktiviteter": ["Kontrollaktivitet", "Kontrollgrupp", "trygghet@example.org"],
    "organisation": ["Kontrollforum", "Kontrollgrupp", "Kontrollområde", "Kontrollnämnd"],
}


def _body(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _json(client, name):
    return json.loads(_body(client.get(reverse(f"{FILES[name]}_json"))))[name]


def _csv(client, name):
    return list(csv.DictReader(io.StringIO(_body(client.get(reverse(f"{FILES[name]}_csv"))))))


@pytest.fixture
def planted(db):
    Kommun.objects.create(name="Testkommun", code="1490")
    namnd = OrganFactory(name="Kontrollnämnd", slug="kontrollnamnd")
    internal = ForumFactory(name="Internforummarkor", slug="internforummarkor", is_public=False)
    forum = ForumFactory(name="Kontrollforum", slug="kontrollforum", reports_to=internal)
    # Written past the form's check, as an import or a later change of the forum could.
    hidden_meeting = MoteFactory(forum=internal, is_public=True, published=True, title="Dolt")
    BeslutFactory(mote=hidden_meeting, text="Internforummarkor beslutade")
    internal_meeting = MoteFactory(forum=forum, is_public=False, published=True)
    internal_meeting.title = "Internmotesmarkor"
    internal_meeting.save()
    BeslutFactory(mote=internal_meeting, text="Internbeslutmarkor 1")
    unpublished = MoteFactory(forum=forum, minutes="Opubliceradmarkor", title="Opubliceradmarkor")
    BeslutFactory(mote=unpublished, text="Internbeslutmarkor 2")
    control = MoteFactory(forum=forum, published=True, title="Kontrollmöte")
    control.attended_by.add(OrganFactory(name="Bodarna deltog"))
    BeslutFactory(mote=control, text="Kontrollbeslut", responsible=namnd)

    area = SamverkansomradeFactory(name="Kontrollområde", coordinating_body=namnd, forum=internal)
    group = SamverkansgruppFactory(name="Kontrollgrupp", samverkansomrade=area)
    hidden_group = SamverkansgruppFactory(
        name="Interngruppmarkor", samverkansomrade=area, is_public=False
    )
    SamverkansgruppFactory(
        name="Estgruppmarkor", samverkansomrade=area, kind=Samverkansgrupp.Kind.EST
    )
    # With a focus area: Django skips the prefetch of their agreements when there are none.
    insats = InsatsFactory(
        published=True, samverkansomrade=area, grupp=group, fokusomraden=[FokusomradeFactory()]
    )
    AktivitetFactory(
        insats=insats,
        title="Kontrollaktivitet",
        organiser_grupp=group,
        contact_email="trygghet@example.org",
    )
    # An organiser group that became internal after the activity named it: not shown.
    AktivitetFactory(insats=insats, title="Annan aktivitet", organiser_grupp=hidden_group)
    AktivitetFactory(insats=InsatsFactory(), title="Utkastmarkor")
    AktivitetFactory(
        insats=InsatsFactory(published=True, internal=True), title="Interninsatsmarkor"
    )
    return {"forum": forum, "control": control}


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("kind", ["json", "csv"])
def test_no_dataset_file_holds_internal_forums_meetings_minutes_decisions_or_groups(
    client, planted, name, kind
):
    body = _body(client.get(reverse(f"{FILES[name]}_{kind}")))

    for marker in HIDDEN:
        assert marker.lower() not in body.lower(), marker
    for control in CONTROLS[name]:
        assert control in body, control


@pytest.mark.parametrize("name", FILES)
def test_every_file_has_the_documented_fields_and_the_licence(client, planted, name):
    dataset = next(d for d in DATASETS if d.slug == name)
    response = client.get(reverse(f"{FILES[name]}_json"))
    document = json.loads(_body(response))
    rows = _csv(client, name)

    assert document["licens"] == CC0
    assert response["Link"] == f'<{CC0}>; rel="license"'
    assert document[name] and all(list(row) == dataset.field_names for row in document[name])
    assert list(rows[0]) == [*dataset.field_names, "licens"]
    assert {row["licens"] for row in rows} == {CC0}
    assert len(rows) == len(document[name])


def test_a_meeting_row_has_its_agenda_attendance_minutes_and_decision_count(client, planted):
    (row,) = _json(client, "moten")
    mote = planted["control"]

    assert row["id"] == mote.pk
    assert row["forum_id"] == "kontrollforum"
    assert row["deltog"] == ["Bodarna deltog"]
    assert row["minnesanteckningar"] == mote.minutes
    assert row["antal_beslut"] == 1
    assert row["url"] == f"http://testserver{mote.get_absolute_url()}"


def test_a_decision_row_names_its_meeting_and_who_carries_it_out(client, planted):
    (row,) = _json(client, "beslut")

    assert row["mote_id"] == planted["control"].pk
    assert row["ansvarig"] == "Kontrollnämnd"
    assert row["klart"] is False
    (as_csv,) = _csv(client, "beslut")
    assert as_csv["klart"] == "false"


def test_the_organisation_refers_rows_to_each_other_and_never_to_an_internal_forum(client, planted):
    rows = {row["id"]: row for row in _json(client, "organisation")}

    forum, area = rows["forum:kontrollforum"], rows["samverkansomrade:" + _area_slug(rows)]
    assert forum["del_av"] == ""  # it reports to the internal forum
    assert area["samordnas_av"] == "organ:kontrollnamnd" and area["del_av"] == ""
    group = next(r for r in rows.values() if r["namn"] == "Kontrollgrupp")
    assert group["del_av"] == area["id"]
    assert rows["organ:kontrollnamnd"]["typ"] == "organ"
    assert all(row["del_av"] in rows or row["del_av"] == "" for row in rows.values())


def _area_slug(rows) -> str:
    return next(r["id"] for r in rows.values() if r["namn"] == "Kontrollområde").split(":", 1)[1]


def test_an_activity_row_never_names_a_group_residents_may_not_see(client, planted):
    rows = {row["titel"]: row for row in _json(client, "aktiviteter")}

    assert rows["Kontrollaktivitet"]["arrangor"] == "Kontrollgrupp"
    assert rows["Kontrollaktivitet"]["kontakt_epost"] == "trygghet@example.org"
    assert "Interngruppmarkor" not in rows["Annan aktivitet"]["arrangor"]


def test_focus_areas_of_an_activity_carry_their_agreement_years(client, db):
    fokus = FokusomradeFactory(name="Trygga offentliga miljöer")
    agreement = fokus.overenskommelse
    AktivitetFactory(insats=InsatsFactory(published=True, fokusomraden=[fokus]))

    (row,) = _json(client, "aktiviteter")

    years = f"{agreement.period_start.year}–{agreement.period_end.year}"
    assert row["fokusomraden"] == [f"Trygga offentliga miljöer ({years})"]


def test_the_files_are_swedish_also_under_the_english_prefix(client, db):
    AktivitetFactory(insats=InsatsFactory(published=True))

    body = _body(client.get("/en" + reverse("samverkan:insatser_json")))

    assert '"malgrupp": "alla"' in body


def test_the_dataset_files_make_as_many_queries_however_many_rows(client, planted):
    def count():
        with CaptureQueriesContext(connection) as queries:
            for url in FILES.values():
                _body(client.get(reverse(f"{url}_json")))
                _body(client.get(reverse(f"{url}_csv")))
        return len(queries)

    before = count()
    for _ in range(4):
        forum = ForumFactory()
        mote = MoteFactory(forum=forum, published=True)
        mote.attended_by.add(OrganFactory())
        BeslutFactory(mote=mote)
        group = SamverkansgruppFactory()
        group.omraden.add(OmradeFactory())
        insats = InsatsFactory(published=True, fokusomraden=[FokusomradeFactory()])
        AktivitetFactory(insats=insats, organiser_organ=OrganFactory(), omrade=OmradeFactory())
        AktivitetFactory(insats=insats, organiser_grupp=group)

    assert count() == before
    assert Mote.objects.with_published_minutes().count() == 5
    assert Aktivitet.objects.published().count() == 10


@pytest.mark.parametrize(
    ("name", "column"),
    [("moten", "titel"), ("beslut", "beslut"), ("aktiviteter", "titel"), ("organisation", "namn")],
)
def test_a_cell_that_starts_like_a_formula_is_exported_as_text(client, db, name, column):
    forum = ForumFactory(name="=HYPERLINK(1)")
    mote = MoteFactory(forum=forum, published=True, title="=HYPERLINK(1)")
    BeslutFactory(mote=mote, text="=HYPERLINK(1)")
    AktivitetFactory(insats=InsatsFactory(published=True), title="=HYPERLINK(1)")

    rows = _csv(client, name)

    assert "'=HYPERLINK(1)" in [row[column] for row in rows]
    assert "=HYPERLINK(1)" not in [row[column] for row in rows]
