from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from samverkan.models import Gruppmedlemskap, Insats, Samverkansgrupp, Samverkansomrade
from samverkan.services import load_structure
from tests.e2e.test_accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "korrekt-hast-batteri"


@pytest.fixture
def coordinator(transactional_db, django_user_model):
    load_structure()
    user = django_user_model.objects.create_user(
        "samordnare-e2e", password=PASSWORD, first_name="Sam", last_name="Ordnare"
    )
    user.groups.add(Group.objects.get_or_create(name="Samordnare")[0])
    Samverkansomrade.objects.get(slug="lokal-samverkan").coordinators.add(user)
    Gruppmedlemskap.objects.create(
        user=user, grupp=Samverkansgrupp.objects.get(slug="lokala-omradesnatverk")
    )
    return user


def test_official_creates_draft_publishes_it_and_residents_find_it(page, live_server, coordinator):
    title = "Trygghetsvandring vid Hulta torg i december"
    activity_title = "Kvällsvandring runt Hulta torg"
    activity_day = timezone.localdate() + timedelta(days=10)

    page.goto(live_server.url + reverse("organisation:login"))
    page.get_by_label("Användarnamn").fill(coordinator.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/")

    page.get_by_role("link", name="Ny insats").click()
    page.wait_for_url("**/arbetsyta/insatser/ny/")
    assert serious_violations(page) == []
    page.fill("#id_title", title)
    page.fill("#id_summary", "Boende och polis går tillsammans runt torget.")
    page.fill("#id_description", "Vi samlas vid **torget** och går en timme.")
    page.select_option("#id_samverkansomrade", label="Lokal samverkan")
    page.select_option("#id_grupp", label="Lokala områdesnätverk")
    page.select_option("#id_responsible", label="Fritids- och folkhälsonämnden")
    page.get_by_label("Hulta", exact=True).check()
    page.select_option("#id_status", value="pagaende")
    page.fill("#id_start_date", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("#id_contact", "Samordnare för lokal samverkan")
    page.locator("form").get_by_role("button", name="Spara").click()

    page.wait_for_url("**/arbetsyta/insatser/*/")
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert serious_violations(page) == []
    insats = Insats.objects.get(title=title)
    assert insats.publication == Insats.Publication.DRAFT

    # A draft is not public: no page, not in the list.
    public_url = live_server.url + reverse("samverkan:insats", kwargs={"slug": insats.slug})
    resident = page.context.browser.new_page()
    assert resident.goto(public_url).status == 404
    resident.goto(live_server.url + reverse("samverkan:insatser"))
    assert title not in resident.content()

    page.get_by_role("link", name="Ny aktivitet").click()
    page.fill("#id_title", activity_title)
    page.fill("#id_starts_at", f"{activity_day.isoformat()}T18:00")
    page.fill("#id_ends_at", f"{activity_day.isoformat()}T19:00")
    page.fill("#id_meeting_point", "Hulta torg, vid busshållplatsen")
    page.select_option("#id_omrade", label="Hulta")
    assert serious_violations(page) == []
    page.locator("form").get_by_role("button", name="Spara aktivitet").click()
    page.wait_for_url(f"**/arbetsyta/insatser/{insats.pk}/")

    calendar_before = resident.request.get(live_server.url + reverse("samverkan:kalender_ics"))
    assert activity_title not in calendar_before.text()

    page.get_by_role("button", name="Publicera").click()
    page.wait_for_url(f"**/arbetsyta/insatser/{insats.pk}/")
    assert page.get_by_role("button", name="Avpublicera").is_visible()

    resident.goto(live_server.url + reverse("samverkan:insatser"))
    resident.get_by_role("link", name=title).click()
    resident.wait_for_url(public_url)
    assert resident.get_by_role("heading", level=1).inner_text() == title
    assert resident.get_by_text(activity_title).is_visible()
    assert serious_violations(resident) == []

    calendar = resident.request.get(live_server.url + reverse("samverkan:kalender_ics")).text()
    assert f"SUMMARY:{activity_title}" in calendar
    assert f"/aktiviteter/{insats.aktiviteter.get().pk}/" in calendar.replace("\r\n ", "")
    resident.close()
