"""No page is wider than the screen, from 320 px phones to 1280 px desktops.

Every page shape, public and workspace (start, lists, details, forms, report pages), is
measured at each width: ``document.documentElement.scrollWidth`` must not exceed
``innerWidth``; wide tables scroll inside their own box. axe-core runs at each width, and
each page must say it is Swedish. This is also the accessibility check of every public page
(tests/e2e/test_accessibility.py keeps the checks of keyboard use and of the pages this list
does not have).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from lagesbild.demo import load_demo_lagesbilder
from lagesbild.demo_rapport import load_demo_arsuppfoljning
from lagesbild.indikatordata import load_indikatorer
from lagesbild.models import Atgardsplan, Lagesbild
from organisation.models import Mote
from organisation.roles import ADMINISTRATOR
from samverkan.demo import load_demo_insatser, load_demo_moten
from samverkan.models import Aktivitet, Insats
from samverkan.services import load_structure
from tests.e2e.test_accessibility import PAGES, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _load_demo_and_administrator():
    load_structure()
    load_demo_insatser()
    load_demo_moten()
    load_indikatorer()
    load_demo_lagesbilder()
    load_demo_arsuppfoljning()
    user = get_user_model().objects.create_user("admin-e2e", password="korrekt-hast-batteri")
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATOR)[0])


@pytest.fixture
def demo(loaded_once):
    loaded_once(_load_demo_and_administrator)


def _public_pages():
    mote = Mote.objects.with_published_minutes().select_related("forum").first()
    return [reverse(name, kwargs=kwargs) for name, kwargs in PAGES] + [
        reverse("lagesbild:sok") + "?q=trygghetsvandring",
        mote.get_absolute_url(),
        Aktivitet.objects.published().first().get_absolute_url(),
        Lagesbild.objects.published().get().get_absolute_url(),
    ]


def _workspace_pages():
    insats = Insats.objects.get(slug="trygghetsvandringar")
    mote = Mote.objects.select_related("forum").filter(forum__slug="bra").first()
    plan = Atgardsplan.objects.get()
    published = Lagesbild.objects.published().get()
    year = timezone.localdate().year
    return [
        reverse("samverkan:arbetsyta"),
        reverse("samverkan:insats_create"),
        reverse("samverkan:arbetsyta_insats", kwargs={"pk": insats.pk}),
        reverse("samverkan:insats_edit", kwargs={"pk": insats.pk}),
        reverse("samverkan:insats_history", kwargs={"pk": insats.pk}),
        reverse("organisation:arbetsyta_forum", kwargs={"slug": "bra"}),
        reverse("organisation:arbetsyta_mote", kwargs={"pk": mote.pk}),
        reverse("organisation:mote_edit", kwargs={"pk": mote.pk}),
        reverse("lagesbild:list"),
        reverse("lagesbild:detail", kwargs={"pk": published.pk}),
        reverse("lagesbild:create"),
        reverse("lagesbild:atgardsplaner"),
        reverse("lagesbild:atgardsplan", kwargs={"pk": plan.pk}),
        reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}),
        reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk}),
        reverse("lagesbild:rapporter"),
        reverse("lagesbild:rapport", kwargs={"year": year}),
        reverse("lagesbild:rapport_submit", kwargs={"year": year}),
    ]


def _overflow(page):
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth, "
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.table-responsive, .collapse:not(.show)'))"
        ".slice(0, 3).map(e => e.tagName + '.' + e.className)]"
    )


WIDTHS = (320, 375, 1280)


def _measure_every_width(page, live_server, urls) -> dict:
    """Each page at each width: what is wider than the screen, and axe-core's serious findings."""
    failures = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            assert page.locator("html").get_attribute("lang") == "sv", url
            scroll_width, inner_width, culprits = _overflow(page)
            if scroll_width > inner_width:
                failures[f"{url} at {width}"] = f"{scroll_width} > {inner_width}: {culprits}"
            violations = serious_violations(page)
            if violations:
                failures[f"{url} at {width} (axe)"] = violations
    return failures


# Two tests, not one per page or per width: each browser test loads the demo and empties the
# database afterwards, and two can run side by side.
def test_no_public_page_is_wider_than_the_screen(page, live_server, demo):
    failures = _measure_every_width(page, live_server, _public_pages())

    assert failures == {}
    assert page.foreign_requests == []


def test_no_workspace_page_is_wider_than_the_screen(page, live_server, demo):
    page.goto(live_server.url + reverse("organisation:login"))
    page.get_by_label("Användarnamn").fill("admin-e2e")
    page.get_by_label("Lösenord").fill("korrekt-hast-batteri")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/")

    failures = _measure_every_width(page, live_server, _workspace_pages())

    assert failures == {}
    assert page.foreign_requests == []


def test_the_brand_stays_on_one_line_at_1280_and_fits_at_320(page, live_server, demo):
    heights = {}
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + "/")
        box = page.locator(".navbar-brand .brand-text").bounding_box()
        heights[width] = box["height"]
        assert box["x"] + box["width"] <= width
    # Two lines: the programme's name and the kommun's.
    assert heights[1280] < 60
