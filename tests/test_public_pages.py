import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.models import Forum
from samverkan.models import Omrade, Samverkansgrupp
from tests.factories import (
    ForumdeltagandeFactory,
    ForumFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
)


@pytest.fixture
def boras(boras_module, db):
    """Borås's structure, loaded once for the module (every test here may see it)."""
    return boras_module


PUBLIC_PAGES = [
    ("samverkan:start", {}, "Tillsammans skapar vi trygghet"),
    ("samverkan:organisation", {}, "Så är arbetet organiserat"),
    ("samverkan:samverkansomraden", {}, "Samordnande nämnd"),
    ("samverkan:samverkansomrade", {"slug": "lokal-samverkan"}, "Lokala områdesnätverk"),
    ("samverkan:samverkansomrade", {"slug": "trygga-miljoer"}, "Borås rent och snyggt"),
    ("organisation:forum", {"slug": "bra"}, "Ansvarigt för att ta fram en aktuell problembild"),
    ("organisation:forum", {"slug": "strategisk-utvecklingsgrupp"}, "Välfärdsbokslutet"),
    ("organisation:forum", {"slug": "drogpolitiska-ledningsgruppen"}, "internt forum"),
    ("organisation:tillganglighet", {}, "Tillgänglighetsredogörelse"),
    ("organisation:login", {}, "Logga in"),
]


@pytest.mark.parametrize(("name", "kwargs", "text"), PUBLIC_PAGES)
def test_public_page_renders_in_swedish_without_login(client, boras, name, kwargs, text):
    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till huvudinnehållet" in html
    assert text in html


@pytest.mark.parametrize(("name", "kwargs", "text"), PUBLIC_PAGES)
def test_public_page_loads_nothing_from_another_host(client, boras, name, kwargs, text):
    response = client.get(reverse(name, kwargs=kwargs))

    html = response.content.decode()
    loaded = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert loaded, "the page should load its own stylesheet and script"
    assert [url for url in loaded if re.match(r"^(https?:)?//", url)] == []
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_english_is_available_under_en(client, boras):
    response = client.get("/en/organisation/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "How the work is organised" in response.content.decode()


def test_browser_asking_for_english_still_gets_swedish_without_prefix(client, boras):
    response = client.get("/organisation/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="sv">' in response.content.decode()


def test_organisation_page_shows_the_hierarchy_from_board_to_groups(client, boras):
    html = client.get(reverse("samverkan:organisation")).content.decode()

    order = [
        "Kommunstyrelsen",
        "Strategisk utvecklingsgrupp",
        "Brottsförebyggande rådet (Brå)",
        "Centrum för kunskap och säkerhet (CKS)",
        "Lokal samverkan",
        "Lokala områdesnätverk",
        "Trygga miljöer",
        "Samordnas av Tekniska nämnden",
        "Borås rent och snyggt",
        "Polismyndigheten, lokalpolisområde Borås",
        "Västra Götalandsregionen",
        "Södra Älvsborgs Räddningstjänstförbund",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    # The chart is a nested ordered list: its own text equivalent.
    assert '<ol class="org-tree">' in html
    assert 'id="org-caption"' in html


def test_internal_group_never_appears_on_public_pages(client, boras):
    internal = SamverkansgruppFactory(
        samverkansomrade=Samverkansgrupp.objects.get(slug="sspf").samverkansomrade,
        name="Interngruppmarkor",
        is_public=False,
    )
    internal.omraden.add(Omrade.objects.get(slug="hulta"))
    for url in [
        reverse("samverkan:omrade", kwargs={"slug": "hulta"}),
        reverse("samverkan:organisation"),
        reverse("samverkan:samverkansomraden"),
        reverse("samverkan:samverkansomrade", kwargs={"slug": "barn-och-unga-i-riskzon"}),
        reverse("samverkan:start"),
    ]:
        html = client.get(url).content.decode()
        assert internal.name not in html, url


def test_internal_forum_shows_only_that_it_exists_and_its_purpose(client, db):
    forum = ForumFactory(
        is_public=False,
        description="Intern beskrivning som inte ska synas",
        tasks="Intern uppgift",
    )
    ForumdeltagandeFactory(forum=forum, represented_by="hemlig representation")

    html = client.get(forum.get_absolute_url()).content.decode()

    assert forum.name in html
    assert forum.purpose in html
    assert "internt forum" in html
    assert "Intern beskrivning" not in html
    assert "Intern uppgift" not in html
    assert "hemlig representation" not in html


def test_unknown_forum_is_404_in_swedish(client, boras):
    response = client.get(reverse("organisation:forum", kwargs={"slug": "finns-inte"}))

    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_sitemap_lists_public_pages_forums_and_areas(client, boras):
    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert "/forum/bra/" in xml
    assert "/samverkansomraden/trygga-miljoer/" in xml
    assert "/tillganglighet/" in xml
    assert "/arbetsyta/" not in xml
    assert "/admin/" not in xml


def test_accessibility_statement_has_what_digg_requires(client, boras):
    html = client.get(reverse("organisation:tillganglighet")).content.decode()

    assert "delvis förenlig" in html  # compliance level
    assert "Innehåll som inte är tillgängligt" in html  # known gaps
    assert "22 november 2026" in html  # date of assessment
    assert "tillganglighet@example.org" in html  # feedback route
    assert "https://www.digg.se/tdosanmalan" in html  # DIGG's complaint form


def test_healthz_answers_without_database_or_session(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert len(queries) == 0
    assert "Set-Cookie" not in response.headers


def test_workspace_redirects_anonymous_user_to_login(client, db):
    response = client.get(reverse("samverkan:arbetsyta"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisation:login"))
    assert "next=/arbetsyta/" in response["Location"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["samverkan:start", "samverkan:organisation", "samverkan:samverkansomraden"]
)
def test_list_page_query_count_does_not_grow_with_the_data(client, boras, name):
    url = reverse(name)
    client.get(url)  # warm any per-process caches
    small = _count_queries(client, url)

    for _ in range(20):
        area = SamverkansomradeFactory()
        SamverkansgruppFactory.create_batch(3, samverkansomrade=area)
        SamverkansgruppFactory(samverkansomrade=area, is_public=False)
        ForumFactory(reports_to=Forum.objects.get(slug="strategisk-utvecklingsgrupp"))

    assert _count_queries(client, url) == small


def test_forum_page_query_count_does_not_grow_with_participants(client, boras):
    forum = Forum.objects.get(slug="bra")
    url = forum.get_absolute_url()
    small = _count_queries(client, url)

    ForumdeltagandeFactory.create_batch(25, forum=forum)

    assert _count_queries(client, url) == small
