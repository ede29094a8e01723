"""No draft, internal or archived insats, follow-up or activity appears in any public output.

Each hidden object carries its own marker word in every text field and in its slug. A
published public insats with a public follow-up and an activity is the control: it must
appear, so an empty page cannot pass for a safe one.
"""

import csv
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import (
    AktivitetFactory,
    FokusomradeFactory,
    InsatsFactory,
    OmradeFactory,
    UppfoljningFactory,
)

HIDDEN = {
    "draft insats": "Zqutkastinsats",
    "internal insats": "Zqinterninsats",
    "archived insats": "Zqarkivinsats",
    "internal follow-up of the public insats": "Zqinternuppfoljning",
    "public follow-up of the draft insats": "Zqutkastuppfoljning",
    "activity of the draft insats": "Zqutkastaktivitet",
    "activity of the internal insats": "Zqinternaktivitet",
    "activity of the archived insats": "Zqarkivaktivitet",
}

CONTROL_INSATS = "Synlig kontrollinsats"
CONTROL_FOLLOWUP = "Synlig uppföljning med tolv deltagare"
CONTROL_ACTIVITY = "Synlig kontrollvandring"


def _hidden_insats(marker, **kwargs):
    return InsatsFactory(
        title=f"{marker} titel",
        slug=marker.lower(),
        summary=f"{marker} sammanfattning",
        description=f"{marker} beskrivning",
        contact=f"{marker} kontakt",
        **kwargs,
    )


@pytest.fixture
def planted(area, grupp):
    omrade = OmradeFactory(name="Hulta test", slug="hulta-test")
    fokus = FokusomradeFactory(name="Trygga offentliga miljöer test", slug="trygga-miljoer-test")
    where = {"samverkansomrade": area, "grupp": grupp, "omraden": [omrade], "fokusomraden": [fokus]}

    control = InsatsFactory(
        published=True, title=CONTROL_INSATS, slug="synlig-kontrollinsats", **where
    )
    UppfoljningFactory(insats=control, is_public=True, done=CONTROL_FOLLOWUP, result="")
    marker = HIDDEN["internal follow-up of the public insats"]
    UppfoljningFactory(insats=control, is_public=False, done=marker, result=marker)
    control_activity = AktivitetFactory(insats=control, title=CONTROL_ACTIVITY, omrade=omrade)

    draft = _hidden_insats(HIDDEN["draft insats"], **where)
    internal = _hidden_insats(HIDDEN["internal insats"], published=True, internal=True, **where)
    archived = _hidden_insats(HIDDEN["archived insats"], published=True, archived=True, **where)
    marker = HIDDEN["public follow-up of the draft insats"]
    UppfoljningFactory(insats=draft, is_public=True, done=marker, result=marker)

    def activity(insats, marker, **kwargs):
        return AktivitetFactory(
            insats=insats, title=marker, meeting_point=marker, description=marker, **kwargs
        )

    hidden_activities = [
        activity(draft, HIDDEN["activity of the draft insats"], omrade=omrade),
        activity(internal, HIDDEN["activity of the internal insats"], omrade=omrade),
        # Without its own district it shows up in the insats's districts.
        activity(archived, HIDDEN["activity of the archived insats"]),
    ]
    return SimpleNamespace(
        area=area,
        omrade=omrade,
        fokus=fokus,
        control=control,
        control_activity=control_activity,
        hidden_insatser=[draft, internal, archived],
        hidden_activities=hidden_activities,
    )


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # iCalendar folds long lines; unfold them so a marker is not split in two.
    return re.sub(rb"\r\n[ \t]", b"", body).decode("utf-8")


# name, kwargs from the planted objects, what of the control must appear
PUBLIC_OUTPUTS = [
    ("samverkan:insatser", lambda p: {}, [CONTROL_INSATS]),
    ("samverkan:insats", lambda p: {"slug": p.control.slug}, [CONTROL_INSATS, CONTROL_FOLLOWUP]),
    ("samverkan:insats_feed", lambda p: {}, [CONTROL_INSATS]),
    ("samverkan:kalender", lambda p: {}, [CONTROL_ACTIVITY, CONTROL_INSATS]),
    ("samverkan:kalender_ics", lambda p: {}, [CONTROL_ACTIVITY]),
    ("samverkan:aktivitet", lambda p: {"pk": p.control_activity.pk}, [CONTROL_ACTIVITY]),
    ("samverkan:insatser_json", lambda p: {}, [CONTROL_INSATS]),
    ("samverkan:insatser_csv", lambda p: {}, [CONTROL_INSATS]),
    ("sitemap", lambda p: {}, ["/insatser/synlig-kontrollinsats/"]),
    ("samverkan:omrade", lambda p: {"slug": p.omrade.slug}, [CONTROL_INSATS, CONTROL_ACTIVITY]),
    ("samverkan:omrade_feed", lambda p: {"slug": p.omrade.slug}, [CONTROL_INSATS]),
    ("samverkan:omrade_ics", lambda p: {"slug": p.omrade.slug}, [CONTROL_ACTIVITY]),
    ("samverkan:fokusomrade", lambda p: {"slug": p.fokus.slug}, [CONTROL_INSATS]),
    ("samverkan:samverkansomrade", lambda p: {"slug": p.area.slug}, [CONTROL_INSATS]),
    ("samverkan:omraden", lambda p: {}, [">Hulta test<"]),
]


@pytest.mark.parametrize("viewer", ["anonymous", "superuser"])
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), PUBLIC_OUTPUTS, ids=[o[0] for o in PUBLIC_OUTPUTS]
)
def test_public_output_shows_the_control_and_nothing_hidden(
    client, planted, request, viewer, name, kwargs, expected
):
    if viewer != "anonymous":
        # Public outputs do not depend on who looks: an administrator sees what residents see.
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse(name, kwargs=kwargs(planted)))

    assert response.status_code == 200
    text = _text(response)
    for shown in expected:
        assert shown in text
    leaked = [what for what, marker in HIDDEN.items() if marker.lower() in text.lower()]
    assert leaked == []
    for hidden in planted.hidden_insatser:
        assert hidden.get_absolute_url() not in text
    for hidden in planted.hidden_activities:
        assert f"{hidden.get_absolute_url()}<" not in text  # sitemap <loc>
        assert f'{hidden.get_absolute_url()}"' not in text  # links


@pytest.mark.parametrize("which", ["draft", "internal", "archived"])
def test_page_of_a_hidden_insats_is_not_found(client, planted, which):
    index = ["draft", "internal", "archived"].index(which)
    hidden = planted.hidden_insatser[index]

    response = client.get(reverse("samverkan:insats", kwargs={"slug": hidden.slug}))

    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()
    assert HIDDEN[f"{which} insats"] not in response.content.decode()


@pytest.mark.parametrize("which", ["draft", "internal", "archived"])
def test_page_of_an_activity_of_a_hidden_insats_is_not_found(client, planted, which):
    index = ["draft", "internal", "archived"].index(which)
    hidden = planted.hidden_activities[index]

    response = client.get(reverse("samverkan:aktivitet", kwargs={"pk": hidden.pk}))

    assert response.status_code == 404
    assert HIDDEN[f"activity of the {which} insats"] not in response.content.decode()


@pytest.mark.parametrize(
    "marker",
    [HIDDEN["draft insats"], HIDDEN["internal insats"], HIDDEN["archived insats"]],
    ids=["draft", "internal", "archived"],
)
def test_searching_for_a_hidden_insats_finds_nothing(client, planted, marker):
    response = client.get(reverse("samverkan:insatser"), {"q": marker})

    html = response.content.decode()
    cards = re.findall(r'<article class="card mb-3 insats-card">.*?</article>', html, re.S)
    assert cards == []
    assert "0 insatser" in html
    assert [insats.title for insats in response.context["page"]] == []


def test_searching_for_the_control_finds_it(client, planted):
    response = client.get(reverse("samverkan:insatser"), {"q": "synlig kontrollinsats"})

    html = response.content.decode()
    cards = re.findall(r'<article class="card mb-3 insats-card">.*?</article>', html, re.S)
    assert len(cards) == 1
    assert CONTROL_INSATS in cards[0]


def test_open_data_json_lists_only_the_public_insats(client, planted):
    response = client.get(reverse("samverkan:insatser_json"))

    data = json.loads(b"".join(response.streaming_content))
    assert [row["titel"] for row in data["insatser"]] == [CONTROL_INSATS]
    assert [row["id"] for row in data["insatser"]] == [planted.control.pk]


def test_open_data_csv_lists_only_the_public_insats(client, planted):
    response = client.get(reverse("samverkan:insatser_csv"))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["titel"] for row in rows] == [CONTROL_INSATS]


def test_district_list_counts_only_the_public_insats(client, planted):
    response = client.get(reverse("samverkan:omraden"))

    counts = {omrade.slug: omrade.insats_count for omrade in response.context["omraden"]}
    assert counts[planted.omrade.slug] == 1
    assert "Hulta test</a> <span" in response.content.decode()
    assert "(1 insats)" in response.content.decode()


def test_ics_has_only_the_control_activity(client, planted):
    from icalendar import Calendar

    response = client.get(reverse("samverkan:kalender_ics"))

    calendar = Calendar.from_ical(response.content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [CONTROL_ACTIVITY]
