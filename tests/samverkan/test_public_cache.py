"""The shared cache of anonymous public pages: what it serves, to whom, and when it lets go."""

import gzip
from decimal import Decimal

import pytest
from django.urls import reverse

from lagesbild.kolada import Observation, import_kolada
from organisation import public_cache
from organisation.models import Kommun
from samverkan.models import Insats
from samverkan.services import archive_insats, publish_insats, unpublish_insats
from tests.factories import (
    AktivitetFactory,
    ForumFactory,
    IndikatorFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    MoteFactory,
    UppfoljningFactory,
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Public-Cache"), response.content.decode()


@pytest.fixture
def insats(area, grupp):
    return InsatsFactory(
        title="Grannsamverkan Kontrollrad", samverkansomrade=area, grupp=grupp, published=True
    )


def test_the_second_anonymous_request_is_served_from_the_cache(client, insats):
    assert get(client, reverse("samverkan:insatser"))[0] == "miss"
    state, body = get(client, reverse("samverkan:insatser"))
    assert state == "hit"
    assert "Grannsamverkan Kontrollrad" in body


def test_a_cached_page_is_the_same_as_a_fresh_render(client, settings, insats):
    urls = [
        reverse("samverkan:start"),
        reverse("samverkan:insatser"),
        reverse("samverkan:insatser") + "?q=grannsamverkan",
        reverse("samverkan:insats", args=[insats.slug]),
        reverse("samverkan:kalender"),
        reverse("lagesbild:nyckeltal"),
    ]
    for url in urls:
        get(client, url)
        state, cached = get(client, url)
        assert state == "hit", url
        settings.PUBLIC_PAGE_CACHE_SECONDS = 0
        fresh = get(client, url)
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600
        assert fresh == (None, cached), url


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed(client, settings, insats):
    url = reverse("samverkan:insatser")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    fresh = client.get(url).content
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    assert client.get(url)["X-Public-Cache"] == "miss"

    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    plain = client.get(url)

    assert compressed["X-Public-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == fresh
    assert len(compressed.content) < len(fresh) / 3
    assert plain["X-Public-Cache"] == "hit" and not plain.has_header("Content-Encoding")
    assert plain.content == fresh
    for response in (compressed, plain):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"] == "text/html; charset=utf-8"


def test_an_entry_of_an_earlier_shape_is_rendered_again(client, insats):
    url = reverse("samverkan:insatser")
    get(client, url)
    key = public_cache._key(client.get(url).wsgi_request)
    public_cache.cache.set(key, (b"Gammal form", []), 600)

    state, body = get(client, url)

    assert state == "miss"
    assert "Grannsamverkan Kontrollrad" in body


def test_the_key_varies_by_language(client, insats):
    get(client, reverse("samverkan:insatser"))
    state, english = get(client, "/en" + reverse("samverkan:insatser"))
    assert state == "miss"
    assert 'lang="en"' in english
    state, swedish = get(client, reverse("samverkan:insatser"))
    assert state == "hit"
    assert 'lang="sv"' in swedish


def test_the_key_varies_by_query(client, area, grupp, insats):
    InsatsFactory(title="Feriearbete Annanrad", samverkansomrade=area, grupp=grupp, published=True)
    get(client, reverse("samverkan:insatser") + "?q=grannsamverkan")
    state, body = get(client, reverse("samverkan:insatser") + "?q=feriearbete")
    assert state == "miss"
    assert "Feriearbete Annanrad" in body
    assert "Grannsamverkan Kontrollrad" not in body


def test_a_logged_in_official_never_gets_or_stores_a_cached_page(client, official, insats):
    url = reverse("samverkan:insats", args=[insats.slug])
    get(client, url)
    assert get(client, url)[0] == "hit"
    client.force_login(official)
    state, body = get(client, url)
    assert state is None
    assert reverse("organisation:logout") in body
    client.logout()
    client.cookies.clear()
    state, body = get(client, url)
    assert state == "hit"
    assert reverse("organisation:logout") not in body


def test_a_page_with_a_posting_form_is_never_cached(client, boras):
    for _ in range(2):
        response = client.get(reverse("lagesbild:tips"))
        assert response.status_code == 200
        assert "X-Public-Cache" not in response
        assert "csrftoken" in response.cookies


def test_a_hidden_row_never_appears_through_the_cache(client, area, grupp, insats):
    InsatsFactory(title="Hemlig Markorinsats", samverkansomrade=area, grupp=grupp, internal=True)
    InsatsFactory(title="Utkast Markorinsats", samverkansomrade=area, grupp=grupp)
    get(client, reverse("samverkan:insatser"))
    state, body = get(client, reverse("samverkan:insatser"))
    assert state == "hit"
    assert "Grannsamverkan Kontrollrad" in body
    assert "Markorinsats" not in body


def test_publishing_editing_unpublishing_and_archiving_renew_the_insats_pages(
    client, area, grupp, coordinator, insats
):
    list_url = reverse("samverkan:insatser")
    draft = InsatsFactory(title="Nattvandring Nyrad", samverkansomrade=area, grupp=grupp)
    get(client, list_url)

    publish_insats(insats=draft, user=coordinator)
    state, body = get(client, list_url)
    assert (state, "Nattvandring Nyrad" in body) == ("miss", True)

    draft.refresh_from_db()
    draft.title = "Nattvandring Omdöpt"
    draft.save()
    state, body = get(client, list_url)
    assert (state, "Nattvandring Omdöpt" in body) == ("miss", True)

    unpublish_insats(insats=draft, user=coordinator)
    state, body = get(client, list_url)
    assert (state, "Nattvandring Omdöpt" in body) == ("miss", False)

    get(client, list_url)
    archive_insats(insats=Insats.objects.get(pk=insats.pk), user=coordinator)
    state, body = get(client, list_url)
    assert state == "miss"
    assert "Grannsamverkan Kontrollrad" not in body or "arkiv" in body.lower()


def test_a_new_follow_up_or_activity_renews_the_insats_page(client, insats):
    url = reverse("samverkan:insats", args=[insats.slug])
    get(client, url)
    UppfoljningFactory(insats=insats, done="Belysningen byttes vid Uppfoljningsraden.")
    state, body = get(client, url)
    assert (state, "Uppfoljningsraden" in body) == ("miss", True)

    get(client, reverse("samverkan:kalender"))
    AktivitetFactory(insats=insats, title="Trygghetsvandring Aktivitetsraden")
    state, body = get(client, reverse("samverkan:kalender"))
    assert (state, "Aktivitetsraden" in body) == ("miss", True)


def test_published_minutes_renew_the_forum_page_and_leave_the_insatser_cached(client, insats):
    forum = ForumFactory(is_public=True)
    forum_url = reverse("organisation:forum", args=[forum.slug])
    get(client, forum_url)
    get(client, reverse("samverkan:insatser"))
    MoteFactory(forum=forum, title="Halvdag Protokollraden", published=True)
    state, body = get(client, forum_url)
    assert (state, "Protokollraden" in body) == ("miss", True)
    assert get(client, reverse("samverkan:insatser"))[0] == "hit"


def test_a_kolada_import_renews_the_key_figures_and_leaves_the_insatser_cached(
    client, boras, insats
):
    indikator = IndikatorFactory(code="N07403", name="Anmälda våldsbrott Nyckeltalsraden")
    IndikatorvardeFactory(indikator=indikator, year=2022, value=Decimal("5"))
    get(client, reverse("lagesbild:nyckeltal"))
    get(client, reverse("samverkan:insatser"))
    code = Kommun.objects.values_list("code", flat=True).get()
    import_kolada(
        observations=[
            Observation("N07403", code, 2023, Decimal("987.6"), "test"),
            Observation("N07403", "0180", 2023, Decimal("5"), "test"),
        ]
    )
    state, _ = get(client, reverse("lagesbild:nyckeltal"))
    assert state == "miss"
    assert indikator.varden.filter(year=2023).exists()
    assert get(client, reverse("samverkan:insatser"))[0] == "hit"


def test_every_model_of_the_portal_belongs_to_a_family_or_is_knowingly_ignored():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in public_cache.OWN_APPS:
            label = model._meta.label_lower
            if model._meta.model_name.startswith("historical"):
                continue
            assert label in public_cache.MODEL_FAMILIES or label in public_cache.IGNORED_MODELS, (
                label
            )
