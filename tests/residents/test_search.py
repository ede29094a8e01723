"""The one search over everything residents may read.

`make test` runs this file twice: on PostgreSQL (the normal test database) and on SQLite
(`make test-search-sqlite`), so the demo in `make run` finds what production finds.
"""

import pytest
from django.db import connection
from django.urls import reverse

from lagesbild.demo import load_demo_lagesbilder
from lagesbild.demo_rapport import load_demo_arsuppfoljning
from lagesbild.search import search
from organisation.textsearch import word_similarity
from samverkan.demo import load_demo_insatser, load_demo_moten
from samverkan.models import Insats
from samverkan.services import load_structure
from tests.factories import (
    AktivitetFactory,
    ForumFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    UppfoljningFactory,
)

HASSLEHOLMEN_INSATSER = {
    "Borås rent och snyggt",
    "Bättre belysning i gångtunnlar",
    "EST – Effektiv samordning för trygghet i Hulta och Hässleholmen",
    "Föräldrastöd för tonårsföräldrar",
    "Grannsamverkan",
    "Trygghetsundersökning i stadsdelarna",
    "Trygghetsvandringar",
}

# query → hits (kind, title) that must be among the results; the first is the best hit
# when the row says so with "first".
SEARCH_TABLE = [
    (
        "trygghetsvandringen",
        {("insats", "Trygghetsvandringar"), ("aktivitet", "Trygghetsvandring i Hulta")},
        None,
    ),
    (
        "Grannsamverkans",
        {("insats", "Grannsamverkan"), ("aktivitet", "Informationsträff om grannsamverkan")},
        ("insats", "Grannsamverkan"),
    ),
    (
        "hassleholmen",
        {("omrade", "Hässleholmen")} | {("insats", t) for t in HASSLEHOLMEN_INSATSER},
        ("omrade", "Hässleholmen"),
    ),
    (
        "Hässleholmen",
        {("omrade", "Hässleholmen"), ("lagesbild", "Lägesbild Borås Stad 2025")}
        | {("insats", t) for t in HASSLEHOLMEN_INSATSER},
        ("omrade", "Hässleholmen"),
    ),
    (
        "klotter",
        {("insats", "Borås rent och snyggt"), ("uppfoljning", "Trygghetsvandringar")},
        None,
    ),
    ("tunnel", {("uppfoljning", "Trygghetsvandringar")}, None),
    (
        "vandring",
        {
            ("insats", "Trygghetsvandringar"),
            ("insats", "Föräldravandringar på Norrby"),
            ("aktivitet", "Trygghetsvandring på Norrby"),
        },
        None,
    ),
    ("krog", {("insats", "Krögarsamtal och ansvarsfull alkoholservering")}, None),
    ("krögare", {("insats", "Krögarsamtal och ansvarsfull alkoholservering")}, None),
    (
        "Hulta",
        {
            ("omrade", "Hulta"),
            ("insats", "Sommarlovsaktiviteter i Hulta"),
            ("aktivitet", "Trygghetsvandring i Hulta"),
        },
        ("omrade", "Hulta"),
    ),
    (
        "norrby",
        {
            ("omrade", "Norrby"),
            ("insats", "Föräldravandringar på Norrby"),
            ("aktivitet", "Trygghetsvandring på Norrby"),
        },
        ("omrade", "Norrby"),
    ),
    (
        "föräldravandring",
        {("insats", "Föräldravandringar på Norrby")},
        ("insats", "Föräldravandringar på Norrby"),
    ),
    (
        "belysning",
        {("insats", "Bättre belysning i gångtunnlar")},
        ("insats", "Bättre belysning i gångtunnlar"),
    ),
    ("feriearbete", {("insats", "Feriearbete")}, ("insats", "Feriearbete")),
    ("SSPF", {("insats", "SSPF – skola, socialtjänst, polis och fritid")}, None),
    ("Västbus", {("insats", "Västbus")}, ("insats", "Västbus")),
    ("vastbus", {("insats", "Västbus")}, ("insats", "Västbus")),
    ("fältarbete", {("insats", "Fältarbete")}, ("insats", "Fältarbete")),
    (
        "trygghetsvandring hulta",
        {("aktivitet", "Trygghetsvandring i Hulta"), ("insats", "Trygghetsvandringar")},
        ("aktivitet", "Trygghetsvandring i Hulta"),
    ),
    (
        "Brottsförebyggande rådet",
        {("forum", "Brottsförebyggande rådet")},
        ("forum", "Brottsförebyggande rådet"),
    ),
    (
        "lägesbild",
        {("lagesbild", "Lägesbild Borås Stad 2025")},
        ("lagesbild", "Lägesbild Borås Stad 2025"),
    ),
    (
        "skadegörelse",
        {("insats", "Borås rent och snyggt"), ("lagesbild", "Lägesbild Borås Stad 2025")},
        None,
    ),
    ("alkoholservering", {("insats", "Krögarsamtal och ansvarsfull alkoholservering")}, None),
    (
        "trygghetsvandrng",
        {("insats", "Trygghetsvandringar"), ("aktivitet", "Trygghetsvandring i Hulta")},
        None,
    ),
    ("grannsamverkn", {("insats", "Grannsamverkan")}, None),
    ("Sjöbo", {("omrade", "Sjöbo"), ("aktivitet", "Trafikdialog i Sjöbo")}, ("omrade", "Sjöbo")),
    ("dalsjöfors", {("omrade", "Dalsjöfors")}, ("omrade", "Dalsjöfors")),
    ("mbu", {("insats", "Människan bakom uniformen (MBU)")}, None),
]


@pytest.fixture
def demo(db):
    load_structure()
    load_demo_insatser()
    load_demo_moten()
    load_demo_lagesbilder()
    load_demo_arsuppfoljning()


def _titles(hits):
    return [(h.kind.key, h.title.removeprefix("Brottsförebyggande rådet: ")) for h in hits]


def test_the_swedish_query_table_finds_what_residents_look_for(demo):
    failures = {}
    for query, wanted, first in SEARCH_TABLE:
        found = _titles(search(query))
        missing = wanted - set(found)
        if missing or (first and found[0] != first):
            failures[query] = {"missing": missing, "first": found[:1]}
    assert failures == {}, connection.vendor
    assert len(SEARCH_TABLE) >= 20


def test_an_area_finds_every_public_insats_tagged_with_it_and_no_internal_one(demo):
    tagged = set(
        Insats.objects.published()
        .filter(omraden__slug="hassleholmen")
        .values_list("title", flat=True)
    )
    found = {title for kind, title in _titles(search("Hässleholmen")) if kind == "insats"}

    assert tagged == HASSLEHOLMEN_INSATSER
    assert tagged <= found
    assert "Utredning om kamerabevakning vid Hässleholmens centrum" not in found


def test_hidden_rows_never_appear_in_results_and_a_visible_control_does(db, client):
    InsatsFactory(published=True, title="Synlig kontrollinsats Zebrafink")
    InsatsFactory(title="Utkastmarkor Zebrafink")
    InsatsFactory(published=True, internal=True, title="Internmarkor Zebrafink")
    InsatsFactory(published=True, archived=True, title="Arkivmarkor Zebrafink")
    draft = InsatsFactory(title="Utkastets aktivitet")
    AktivitetFactory(insats=draft, title="Doldmarkor aktivitet Zebrafink")
    UppfoljningFactory(
        insats=InsatsFactory(published=True), done="Noteringsmarkor Zebrafink", is_public=False
    )
    internal_forum = ForumFactory(is_public=False, name="Forummarkor Zebrafink")
    MoteFactory(forum=internal_forum, published=True, minutes="Anteckningsmarkor Zebrafink")
    MoteFactory(forum=ForumFactory(), minutes="Opubliceradmarkor Zebrafink")
    LagesbildFactory(faststalld=True, public_summary="Sammanfattningsmarkor Zebrafink")
    LagesbildFactory(published=True, title="Lägesbild Zebrafink", analys="Analysmarkor Zebrafink")

    html = client.get(reverse("lagesbild:sok"), {"q": "Zebrafink"}).content.decode()

    assert "Synlig kontrollinsats" in html
    assert "Lägesbild Zebrafink" in html
    assert "2 träffar för" in html
    markers = [
        "Utkast",
        "Intern",
        "Arkiv",
        "Dold",
        "Noterings",
        "Forum",
        "Anteckning",
        "Opublicerad",
    ]
    markers += ["Sammanfattnings", "Analys"]
    for marker in markers:
        assert f"{marker}markor" not in html, marker


def test_snippets_mark_the_hits_and_escape_the_text(db, client):
    InsatsFactory(
        published=True,
        title="Samtal om <script>alert(1)</script>",
        summary="Vi pratar om klottersanering & <b>fet</b> text på **torget**.",
    )

    html = client.get(reverse("lagesbild:sok"), {"q": "klotter"}).content.decode()

    assert "<mark>klottersanering</mark>" in html
    assert "&amp; &lt;b&gt;fet&lt;/b&gt; text på torget" in html
    assert "<script>alert" not in html
    assert '<span class="badge text-bg-secondary">Insats</span>' in html


def test_results_are_paginated_and_the_query_is_capped(db, client):
    for n in range(45):
        InsatsFactory(published=True, title=f"Grannsamverkan {n}")

    first = client.get(reverse("lagesbild:sok"), {"q": "grannsamverkan"}).context
    third = client.get(reverse("lagesbild:sok"), {"q": "grannsamverkan", "sida": "3"}).context
    long = client.get(reverse("lagesbild:sok"), {"q": "a" * 5000}).context

    assert first["page"].paginator.count == 45
    assert len(first["page"]) == 20
    assert len(third["page"]) == 5
    assert len(long["query"]) == 100
    assert long["truncated"]


def test_a_zero_result_page_without_filters_does_not_ask_to_remove_one(db, client):
    sok = client.get(reverse("lagesbild:sok"), {"q": "nattvandring"}).content.decode()
    insatser = client.get(reverse("samverkan:insatser"), {"q": "nattvandring"}).content.decode()
    filtered = client.get(
        reverse("samverkan:insatser"), {"q": "nattvandring", "status": "pagaende"}
    ).content.decode()

    assert "0 träffar" in sok
    assert "ta bort ett filter" not in sok
    assert "ta bort ett filter" not in insatser
    assert "Inga insatser matchar sökorden" in insatser
    assert "ta bort ett filter" in filtered


def test_search_query_count_does_not_grow_with_the_data(db, client, django_assert_num_queries):
    def grow(n):
        for i in range(n):
            insats = InsatsFactory(published=True, title=f"Trygghetsvandring {i}")
            AktivitetFactory(insats=insats)
            UppfoljningFactory(insats=insats)
            MoteFactory(forum=ForumFactory(), published=True, title=f"Trygghetsvandring {i}")

    url = reverse("lagesbild:sok")
    grow(2)
    with django_assert_num_queries(8):
        client.get(url, {"q": "trygghetsvandring"})
    grow(10)
    with django_assert_num_queries(8):
        client.get(url, {"q": "trygghetsvandring"})


def test_word_similarity_agrees_with_pg_trgm():
    # Values from PostgreSQL 15: SELECT word_similarity('vandring', 'trygghetsvandringar').
    assert word_similarity("vandring", "trygghetsvandringar") == pytest.approx(0.6666667)
    assert word_similarity("krog", "krogarsamtal") == pytest.approx(0.8)
    assert word_similarity("tunnel", "gangtunneln") == pytest.approx(0.5714286)
    assert word_similarity("hassleholmen", "x hassleholmen y") == 1.0
    assert word_similarity("", "text") == 0.0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_answers_word_similarity_as_the_sqlite_port_does(db):
    pairs = [
        ("vandring", "trygghetsvandringar"),
        ("tunnel", "gangtunneln"),
        ("krog", "kroppen"),
        ("grannsamverkn", "grannsamverkan i hulta"),
        ("klotter", "snabb klottersanering"),
    ]
    with connection.cursor() as cursor:
        for query, text in pairs:
            cursor.execute("SELECT word_similarity(%s, %s)", [query, text])
            assert cursor.fetchone()[0] == pytest.approx(word_similarity(query, text)), query


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_can_answer_the_search_from_the_gin_indexes(db):
    from organisation.textsearch import Document, Matches

    queryset = Insats.objects.filter(
        Matches(Document("title", "summary", "description"), "klotter")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "samverkan_insats_sok_trgm" in plan or "samverkan_insats_sok_fts" in plan, plan


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_list_search_matches_text_apart_from_the_area_names(db):
    """Matched by text or by an area's name. As one WHERE with an OR, PostgreSQL computed the
    text match for every insats and could use no index (1.9 s for "klotter" among 10,000);
    in a subquery of its own it reads the GIN indexes or stops after the newest matches."""
    queryset = Insats.objects.published().search("klotter")
    with connection.cursor() as cursor:
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        filters = [row[0] for row in cursor.fetchall() if "Filter:" in row[0]]

    assert any("to_tsvector" in f for f in filters), filters
    assert not [f for f in filters if "to_tsvector" in f and "SubPlan" in f], filters


def test_a_word_found_everywhere_ranks_only_the_newest_candidates(db, client, monkeypatch):
    """Ranking computes similarity row by row: a word in every row must not make the search
    rank the whole table."""
    monkeypatch.setattr("lagesbild.search.CANDIDATES", 3)
    made = [InsatsFactory(published=True, title=f"Nattvandring {n}") for n in range(5)]

    titles = [h.title for h in search("nattvandring") if h.kind.key == "insats"]

    assert sorted(titles) == sorted(i.title for i in made[-3:])


def test_the_list_search_shows_the_newest_matches_and_says_there_are_more(db, client, monkeypatch):
    monkeypatch.setattr("samverkan.models.MATCH_LIMIT", 3)
    monkeypatch.setattr("samverkan.views.MATCH_LIMIT", 3)
    made = [InsatsFactory(published=True, title=f"Nattvandring {n}") for n in range(5)]

    response = client.get(reverse("samverkan:insatser"), {"q": "nattvandring"})
    html = response.content.decode()

    assert [i.title for i in response.context["page"]] == sorted(i.title for i in made[-3:])
    assert "de 3 senaste visas" in html
    assert "de 3 senaste visas" not in client.get(reverse("samverkan:insatser")).content.decode()
