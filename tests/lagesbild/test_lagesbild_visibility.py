"""No analysis, kartläggning, source, internal problem, draft or åtgärdsplan reaches the public.

Every internal text carries its own marker word. A published lägesbild with one public
problem is the control: its summary and public problem title must appear, so an empty
page cannot pass for a safe one.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Lagesbild
from lagesbild.services import copy_as_new_version
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    ForumFactory,
    InsatsFactory,
    LagesbildFactory,
    OmradeFactory,
    ProblemFactory,
    UppfoljningFactory,
    approve,
)

HIDDEN = {
    "kartläggning": "Zqkartlaggning",
    "other information": "Zqovriginfo",
    "analysis": "Zqanalysen",
    "sources": "Zqkallan",
    "internal problem": "Zqinterntproblem",
    "description of the public problem": "Zqproblembeskrivning",
    "place of the public problem": "Zqproblemplats",
    "time pattern of the public problem": "Zqproblemtid",
    "draft lägesbild": "Zqutkastlagesbild",
    "summary of the draft": "Zqutkastsammanfattning",
    "unpublished fastställd lägesbild": "Zqopubliceradlagesbild",
    "summary not yet published": "Zqopubliceradsammanfattning",
    "problem added in a draft version": "Zqversionsproblem",
    "analysis of the draft version": "Zqversionsanalys",
    "action plan": "Zqatgardsplan",
    "expected effect of a measure": "Zqforvantadeffekt",
}

CONTROL_TITLE = "Lägesbild Kontrollstad 2024"
CONTROL_SUMMARY = "Tryggheten har ökat i kontrollstaden."
CONTROL_PROBLEM = "Synligt problem om våld i centrum"


@pytest.fixture
def planted(db, area):
    omrade = OmradeFactory(name="Centrum test", slug="centrum-test")
    forum = ForumFactory(name="Brå i test", slug="bra-test")
    control = LagesbildFactory(
        title=CONTROL_TITLE,
        scope=Lagesbild.Scope.SAMVERKANSOMRADE,
        samverkansomrade=area,
        kartlaggning=HIDDEN["kartläggning"],
        ovrig_information=HIDDEN["other information"],
        analys=HIDDEN["analysis"],
        sources=HIDDEN["sources"],
        public_summary=CONTROL_SUMMARY,
    )
    public_problem = ProblemFactory(
        lagesbild=control,
        title=CONTROL_PROBLEM,
        description=HIDDEN["description of the public problem"],
        place=HIDDEN["place of the public problem"],
        time_pattern=HIDDEN["time pattern of the public problem"],
        priority=1,
        is_public=True,
    )
    public_problem.omraden.add(omrade)
    ProblemFactory(lagesbild=control, title=HIDDEN["internal problem"], priority=2, is_public=False)
    approve(control, forum=forum, on=date(2025, 2, 20))
    control.summary_published_at = timezone.now()
    control.save()

    draft = LagesbildFactory(
        title=HIDDEN["draft lägesbild"], public_summary=HIDDEN["summary of the draft"]
    )
    ProblemFactory(lagesbild=draft, title=f"{HIDDEN['draft lägesbild']} problem", is_public=True)
    unpublished = LagesbildFactory(
        title=HIDDEN["unpublished fastställd lägesbild"],
        public_summary=HIDDEN["summary not yet published"],
    )
    ProblemFactory(lagesbild=unpublished, is_public=True)
    approve(unpublished)

    version = copy_as_new_version(lagesbild=control)
    version.analys = HIDDEN["analysis of the draft version"]
    version.save()
    ProblemFactory(lagesbild=version, title=HIDDEN["problem added in a draft version"], priority=3)

    insats = InsatsFactory(published=True, samverkansomrade=area, title="Synlig insats i test")
    UppfoljningFactory(insats=insats)
    plan = AtgardsplanFactory(title=HIDDEN["action plan"], lagesbild=control)
    AtgardFactory(
        atgardsplan=plan,
        problem=public_problem,
        insats=insats,
        expected_effect=HIDDEN["expected effect of a measure"],
    )
    return SimpleNamespace(
        control=control,
        hidden=[draft, unpublished, version],
        insats=insats,
        omrade=omrade,
        forum=forum,
        area=area,
        plan=plan,
    )


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return re.sub(rb"\r\n[ \t]", b"", body).decode("utf-8")


# name, kwargs, what of the control must appear
PUBLIC_OUTPUTS = [
    ("lagesbild:public_list", lambda p: {}, [CONTROL_TITLE]),
    (
        "lagesbild:public_detail",
        lambda p: {"slug": p.control.slug},
        [CONTROL_TITLE, CONTROL_SUMMARY, CONTROL_PROBLEM, "20 februari 2025", "Lokal samverkan"],
    ),
    ("sitemap", lambda p: {}, ["/lagesbilder/lagesbild-kontrollstad-2024/"]),
    ("samverkan:start", lambda p: {}, []),
    ("samverkan:insatser", lambda p: {}, ["Synlig insats i test"]),
    ("samverkan:insats", lambda p: {"slug": p.insats.slug}, ["Synlig insats i test"]),
    ("samverkan:insats_feed", lambda p: {}, ["Synlig insats i test"]),
    ("samverkan:insatser_json", lambda p: {}, ["Synlig insats i test"]),
    ("samverkan:insatser_csv", lambda p: {}, ["Synlig insats i test"]),
    ("samverkan:kalender", lambda p: {}, []),
    ("samverkan:kalender_ics", lambda p: {}, []),
    ("samverkan:omrade", lambda p: {"slug": p.omrade.slug}, []),
    ("samverkan:samverkansomrade", lambda p: {"slug": p.area.slug}, ["Synlig insats i test"]),
    ("organisation:forum", lambda p: {"slug": p.forum.slug}, []),
]


@pytest.mark.parametrize("viewer", ["anonymous", "analyst"])
@pytest.mark.parametrize(
    ("name", "kwargs", "expected"), PUBLIC_OUTPUTS, ids=[o[0] for o in PUBLIC_OUTPUTS]
)
def test_public_output_shows_the_control_and_nothing_internal(
    client, planted, request, viewer, name, kwargs, expected
):
    if viewer != "anonymous":
        # Public pages do not depend on who looks: an analyst sees what residents see.
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(reverse(name, kwargs=kwargs(planted)))

    assert response.status_code == 200
    text = _text(response)
    for shown in expected:
        assert shown in text
    assert [what for what, marker in HIDDEN.items() if marker.lower() in text.lower()] == []
    for hidden in planted.hidden:
        assert f"/lagesbilder/{hidden.slug}/" not in text


def test_english_public_pages_show_nothing_internal_either(client, planted):
    for url in ["/en/lagesbilder/", f"/en/lagesbilder/{planted.control.slug}/"]:
        text = client.get(url).content.decode()
        assert CONTROL_TITLE in text
        assert [what for what, marker in HIDDEN.items() if marker.lower() in text.lower()] == []


@pytest.mark.parametrize("index", [0, 1, 2], ids=["draft", "unpublished", "draft version"])
def test_public_page_of_a_hidden_lagesbild_is_not_found(client, planted, index):
    hidden = planted.hidden[index]

    response = client.get(reverse("lagesbild:public_detail", kwargs={"slug": hidden.slug}))

    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.parametrize("what", list(HIDDEN), ids=list(HIDDEN))
def test_searching_for_internal_text_finds_nothing(client, planted, what):
    response = client.get(reverse("samverkan:insatser"), {"q": HIDDEN[what]})

    html = response.content.decode()
    assert list(response.context["page"]) == []
    assert "0 insatser" in html
    # The query is echoed in the search box and the language switch's return address only.
    echoes = [f'value="{HIDDEN[what]}"', f"?q={HIDDEN[what]}"]
    for echo in echoes:
        html = html.replace(echo, "")
    assert HIDDEN[what] not in html


def test_unpublishing_the_summary_takes_the_page_and_sitemap_entry_away(client, planted):
    planted.control.summary_published_at = None
    planted.control.save()

    assert client.get(planted.control.get_absolute_url()).status_code == 404
    assert planted.control.slug not in client.get(reverse("sitemap")).content.decode()
    assert CONTROL_TITLE not in client.get(reverse("lagesbild:public_list")).content.decode()


def test_public_pages_never_load_the_internal_columns(client, planted):
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("lagesbild:public_list"))
        client.get(planted.control.get_absolute_url())

    sql = " ".join(q["sql"] for q in captured.captured_queries)
    for column in ["kartlaggning", "ovrig_information", "analys", "sources"]:
        assert f'"lagesbild_lagesbild"."{column}"' not in sql
