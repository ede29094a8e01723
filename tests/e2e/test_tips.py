"""A resident sends a tip from a phone, with JavaScript (proof of work) and without."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from lagesbild.models import Tips
from tests.e2e.test_accessibility import serious_violations
from tests.factories import OmradeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def narrow(browser, live_server, request):
    """A 320 px wide phone, with or without JavaScript."""
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": 320, "height": 700},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=request.param,
    )
    page = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    page.foreign_requests = []
    page.on(
        "request",
        lambda r: (
            urlsplit(r.url).netloc != own_host
            and urlsplit(r.url).scheme in {"http", "https"}
            and page.foreign_requests.append(r.url)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def hulta(transactional_db, settings):
    settings.TIPS_CHALLENGE_COST = 50
    settings.TIPS_MIN_FILL_SECONDS = 0
    cache.clear()
    return OmradeFactory(name="Hulta", slug="hulta")


@pytest.mark.parametrize(
    "narrow", [True, False], ids=["javascript", "utan-javascript"], indirect=True
)
def test_a_resident_sends_a_good_tip_from_a_narrow_phone(narrow, live_server, hulta, request):
    page = narrow
    # Without JavaScript Playwright cannot evaluate in the page (axe, the width), and the
    # server's HTML is the same; those checks run in the JavaScript variant.
    with_js = request.node.callspec.id.startswith("javascript")

    def page_checks():
        if with_js:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert serious_violations(page) == []

    page.goto(live_server.url + reverse("lagesbild:tips"))
    page_checks()

    page.locator("[name=omrade]").select_option(label="Hulta")
    page.locator("[name=place]").fill("Gångvägen mot Pickesjön")
    page.get_by_label("dålig belysning").check()
    page.get_by_label("kväll").check()
    page.locator("[name=text]").fill("Mörkt och buskigt längs hela sträckan.")
    page.get_by_role("button", name="Skicka tipset").click()

    page.wait_for_url("**/tipsa/kvitto/*/", timeout=30_000)
    tip = Tips.objects.get()
    assert tip.reference in page.content()
    page_checks()
    page.get_by_role("link", name=tip.status_token, exact=False).click()
    assert page.locator("#tips-status").inner_text() == "Mottaget"
    assert page.foreign_requests == []
