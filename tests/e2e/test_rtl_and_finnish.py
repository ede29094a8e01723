"""A right-to-left language lays the public pages out right to left, on a phone too; a resident
switches to Finnish and back to Swedish and stays on the page, with its content marked."""

import io

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_phone_widths import _overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _load_whole_demo():
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def content(loaded_once):
    """The whole demo, as `make run` has it: its English texts translate rows that several
    of the demo's loaders make (the annual report's insatser, the survey's key figures)."""
    loaded_once(_load_whole_demo)


def _public_paths():
    return [
        reverse("samverkan:start"),
        reverse("samverkan:insats", kwargs={"slug": "trygghetsvandringar"}),
        reverse("organisation:forum", kwargs={"slug": "bra"}),
        reverse("lagesbild:nyckeltal"),
    ]


def test_a_right_to_left_language_turns_the_pages_and_nothing_overflows_a_phone(
    page, live_server, content, settings
):
    # Arabic has no catalogue and no content columns: English interface, Swedish content.
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    page.set_viewport_size({"width": 375, "height": 800})
    failures = {}

    for path in _public_paths():
        response = page.goto(live_server.url + "/ar" + path)
        assert response.status == 200, path
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl"), path
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        scroll_width, inner_width, culprits = _overflow(page)
        if scroll_width > inner_width:
            failures[path] = f"{scroll_width} > {inner_width}: {culprits}"
        violations = serious_violations(page)
        if violations:
            failures[f"{path} (axe)"] = violations

    assert failures == {}
    assert page.foreign_requests == []


def test_switching_to_finnish_and_back_to_swedish_keeps_the_page(page, live_server, content):
    path = reverse("samverkan:insats", kwargs={"slug": "trygghetsvandringar"})
    page.goto(live_server.url + path)
    swedish_heading = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Suomeksi").click()
    page.wait_for_url(live_server.url + "/fi" + path)
    assert page.locator("html").get_attribute("lang") == "fi"
    # No Finnish translation in the demo: the Swedish text, marked, with the Finnish notice.
    heading = page.get_by_role("heading", level=1)
    assert heading.locator('[lang="sv"]').inner_text() == swedish_heading
    assert page.get_by_text("Sisältö on saatavilla vain ruotsiksi.").first.is_visible()

    page.get_by_role("button", name="På svenska").click()
    page.wait_for_url(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == swedish_heading


def test_the_english_page_shows_the_english_translation(page, live_server, content):
    path = reverse("samverkan:insats", kwargs={"slug": "trygghetsvandringar"})
    page.goto(live_server.url + path)

    page.get_by_role("button", name="In English").click()
    page.wait_for_url(live_server.url + "/en" + path)

    assert page.get_by_role("heading", level=1).inner_text() == "Safety walks"
    assert page.locator('main [lang="sv"]').count() == 0
