import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.urls import reverse

from lagesbild.demo import load_demo_lagesbilder
from lagesbild.demo_rapport import load_demo_arsuppfoljning
from lagesbild.indikatordata import load_indikatorer
from lagesbild.models import Atgardsplan, Lagesbild
from organisation.roles import ANALYTIKER
from samverkan.demo import load_demo_insatser
from samverkan.services import load_structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The public pages, one of each shape; tests/e2e/test_phone_widths.py runs axe-core on each
# at three widths.
PAGES = [
    ("samverkan:start", {}),
    ("samverkan:organisation", {}),
    ("samverkan:samverkansomraden", {}),
    ("samverkan:samverkansomrade", {"slug": "lokal-samverkan"}),
    ("organisation:forum", {"slug": "bra"}),
    ("organisation:forum", {"slug": "strategisk-utvecklingsgrupp"}),
    ("organisation:forum", {"slug": "drogpolitiska-ledningsgruppen"}),
    ("organisation:tillganglighet", {}),
    ("organisation:lattlast", {}),
    ("organisation:login", {}),
    ("samverkan:insatser", {}),
    ("samverkan:insats", {"slug": "trygghetsvandringar"}),
    ("samverkan:omraden", {}),
    ("samverkan:omrade", {"slug": "hassleholmen"}),
    ("samverkan:kalender", {}),
    ("lagesbild:oppna_data", {}),
    ("samverkan:fokusomrade", {"slug": "trygga-offentliga-miljoer-2021"}),
    ("samverkan:overenskommelse", {"slug": "samverkansoverenskommelse-2021-2023"}),
    ("lagesbild:nyckeltal", {}),
    ("lagesbild:indikator", {"code": "OJ-VALDSBROTT"}),
    ("lagesbild:indikator", {"code": "OJ-BRANDSKYDD"}),
    ("lagesbild:public_list", {}),
    ("lagesbild:rapporter", {}),
]


def _load_structure_and_demo():
    load_structure()
    load_demo_insatser()
    load_indikatorer()
    load_demo_lagesbilder()
    load_demo_arsuppfoljning()


@pytest.fixture
def structure(loaded_once):
    loaded_once(_load_structure_and_demo)


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_server, structure):
    page.goto(live_server.url + reverse("samverkan:organisation"))

    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    assert skip.inner_text() == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "huvudinnehall"


def test_narrow_screen_menu_opens_and_shows_the_pages(page, live_server, structure):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("samverkan:start"))

    organisation_link = page.get_by_role("link", name="Organisation", exact=True)
    assert not organisation_link.is_visible()
    page.get_by_role("button", name="Visa meny").click()
    organisation_link.wait_for(state="visible")
    organisation_link.click()
    page.wait_for_url("**/organisation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Så är arbetet organiserat"
    assert serious_violations(page) == []


def test_official_logs_in_and_reaches_the_workspace(
    page, live_server, structure, django_user_model
):
    user = django_user_model.objects.create_user("tjanste-e2e", password="korrekt-hast-batteri")
    assert user.pk

    page.goto(live_server.url + reverse("samverkan:arbetsyta"))
    assert "/konto/logga-in/" in page.url
    page.get_by_label("Användarnamn").fill("tjanste-e2e")
    page.get_by_label("Lösenord").fill("korrekt-hast-batteri")
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url("**/arbetsyta/")
    assert page.get_by_role("heading", level=1).inner_text() == "Min arbetsyta"
    assert serious_violations(page) == []
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(live_server.url + "/")


def _workspace_pages():
    """Every workspace page of lägesbilder and åtgärdsplaner, on the demo data."""
    published = Lagesbild.objects.published().get()
    draft = Lagesbild.objects.get(previous_version=published)
    plan = Atgardsplan.objects.get()
    return [
        (reverse("lagesbild:list"), 200),
        (reverse("lagesbild:create"), 200),
        (reverse("lagesbild:detail", kwargs={"pk": published.pk}), 200),
        (reverse("lagesbild:detail", kwargs={"pk": draft.pk}), 200),
        (reverse("lagesbild:edit", kwargs={"pk": draft.pk}), 200),
        (reverse("lagesbild:edit", kwargs={"pk": published.pk}), 409),
        (reverse("lagesbild:faststall", kwargs={"pk": draft.pk}), 200),
        (reverse("lagesbild:summary", kwargs={"pk": published.pk}), 200),
        (reverse("lagesbild:atgardsplaner"), 200),
        (reverse("lagesbild:atgardsplan_create"), 200),
        (reverse("lagesbild:atgardsplan", kwargs={"pk": plan.pk}), 200),
        (reverse("lagesbild:atgardsplan_edit", kwargs={"pk": plan.pk}), 200),
        (reverse("lagesbild:atgardsplan_followup", kwargs={"pk": plan.pk}), 200),
    ]


def test_lagesbild_workspace_pages_have_no_serious_accessibility_violation(
    page, live_server, structure, django_user_model
):
    user = django_user_model.objects.create_user("analytiker-e2e", password="korrekt-hast-batteri")
    user.groups.add(Group.objects.get_or_create(name=ANALYTIKER)[0])
    page.goto(live_server.url + reverse("organisation:login"))
    page.get_by_label("Användarnamn").fill("analytiker-e2e")
    page.get_by_label("Lösenord").fill("korrekt-hast-batteri")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/")

    failures = {}
    for url, status in _workspace_pages():
        response = page.goto(live_server.url + url)
        assert response.status == status, url
        violations = serious_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
    assert page.foreign_requests == []
