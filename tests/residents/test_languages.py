"""Swedish, English and Finnish interfaces, right-to-left layout, and the easy-to-read page."""

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

SWITCH = reverse("set_language")


def test_the_portal_offers_swedish_english_and_finnish_with_swedish_first():
    assert [code for code, _name in django_settings.LANGUAGES] == ["sv", "en", "fi"]


def test_the_finnish_start_page_is_finnish_in_its_frame(client, boras):
    html = client.get("/fi/").content.decode()

    assert '<html lang="fi">' in html
    for finnish in ["Toimenpiteet", "Asuinalueeni", "Kalenteri", "Siirry pääsisältöön"]:
        assert finnish in html, finnish
    assert "Suurin osa sivuston sisällöstä on vain ruotsiksi." in html


def test_every_page_offers_the_other_languages_in_their_own_words(client, boras):
    swedish = client.get("/").content.decode()
    finnish = client.get("/fi/").content.decode()

    assert 'lang="en">In English</button>' in swedish
    assert 'lang="fi">Suomeksi</button>' in swedish
    assert 'lang="sv">På svenska</button>' in finnish
    assert 'lang="fi">Suomeksi</button>' not in finnish


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/forum/bra/", "fi", "/fi/forum/bra/"),
        ("/fi/forum/bra/", "sv", "/forum/bra/"),
        ("/fi/insatser/?omrade=hulta", "en", "/en/insatser/?omrade=hulta"),
    ],
)
def test_the_switch_keeps_the_page_to_and_from_finnish(client, boras, next_url, language, expected):
    response = client.post(SWITCH, {"next": next_url, "language": language})

    assert response["Location"] == expected


def test_a_swedish_page_has_no_notice_that_the_content_is_swedish(client, boras):
    html = client.get("/").content.decode()

    assert "only in Swedish" not in html and "vain ruotsiksi" not in html
    assert (
        "Most of the content on this site is in Swedish only."
        in client.get("/en/").content.decode()
    )


def test_a_right_to_left_language_turns_the_layout_and_uses_bootstraps_rtl_build(
    client, boras, settings
):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]

    rtl = client.get("/ar/").content.decode()
    ltr = client.get("/").content.decode()

    assert '<html lang="ar" dir="rtl">' in rtl
    assert "vendor/bootstrap/css/bootstrap.rtl.min.css" in rtl
    assert '<html lang="sv">' in ltr  # left to right is the default
    assert "vendor/bootstrap/css/bootstrap.min.css" in ltr
    assert "bootstrap.rtl" not in ltr


def test_the_rtl_stylesheet_is_the_same_bootstrap_release_as_the_ltr_one():
    css = django_settings.BASE_DIR / "static" / "vendor" / "bootstrap" / "css"
    version = re.compile(r"Bootstrap\s+v(\d+\.\d+\.\d+)")

    ltr = version.search((css / "bootstrap.min.css").read_text(encoding="utf-8")[:300])
    rtl = version.search((css / "bootstrap.rtl.min.css").read_text(encoding="utf-8")[:300])
    assert ltr.group(1) == rtl.group(1)


# --- Lättläst --------------------------------------------------------------------------


def test_the_easy_to_read_page_explains_the_work_in_short_swedish_sentences(client, boras):
    html = client.get(reverse("organisation:lattlast")).content.decode()

    assert html.count("<h1") == 1
    assert "Säker och trygg kommun – lättläst" in html
    assert "Målet är att alla ska känna sig trygga i kommunen." in html
    assert "Om det är fara, ring 112." in html
    assert f'href="{reverse("lagesbild:tips")}"' in html
    assert f'href="{reverse("samverkan:kalender")}"' in html
    text = re.sub(
        r"<[^>]+>", " ", html.split('<article class="lattlast">', 1)[1].split("</article>")[0]
    )
    sentences = [s for s in re.split(r"[.!?:]\s", text) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 20  # lättläst: short sentences


def test_the_easy_to_read_page_is_linked_from_every_page_and_in_the_sitemap(client, boras):
    url = reverse("organisation:lattlast")

    assert f'<a href="{url}">Lättläst</a>' in client.get("/").content.decode()
    assert f"<loc>http://testserver{url}</loc>" in client.get("/sitemap.xml").content.decode()


def test_the_easy_to_read_page_exists_in_finnish_too(client, boras):
    html = client.get("/fi" + reverse("organisation:lattlast")).content.decode()

    assert "Säker och trygg kommun – selkokielellä" in html
    assert "Jos on vaara, soita 112." in html
