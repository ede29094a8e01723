"""An administrator onboards an official on one admin screen; the official logs in and works."""

import pytest
from django.urls import reverse

from organisation.roles import ADMINISTRATOR
from tests.factories import InsatsFactory, OrganFactory, SamverkansgruppFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "korrekt-hast-batteri"
NEW_PASSWORD = "vinter-trygghet-2027"


def log_in(page, live_server, url, username, password):
    page.goto(live_server.url + url)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form [type=submit]").last.click()


def test_an_administrator_onboards_an_official_who_then_sees_their_workspace(page, live_server):
    administrator = UserFactory(username="kontoadmin", roles=[ADMINISTRATOR])
    administrator.is_staff = True
    administrator.save()
    OrganFactory(name="Fritid och folkhälsa")
    grupp = SamverkansgruppFactory(name="Lokala områdesnätverk Hulta")
    InsatsFactory(title="Trygghetsvandring runt Hulta torg", grupp=grupp)

    log_in(page, live_server, reverse("admin:login"), "kontoadmin", PASSWORD)
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + reverse("admin:auth_user_add"))
    page.fill("#id_username", "nina")
    page.fill("#id_first_name", "Nina")
    page.fill("#id_last_name", "Nilsson")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.get_by_label("Tjänsteperson", exact=False).first.check()
    page.select_option("#id_organ", label="Fritid och folkhälsa")
    # The group membership, inline, through the admin's autocomplete.
    page.locator("#group_memberships-group a.addlink, #group_memberships-group .add-row a").click()
    page.locator("#group_memberships-group .select2-selection").first.click()
    page.locator(".select2-search__field").fill("Hulta")
    page.locator(".select2-results__option", has_text="Lokala områdesnätverk Hulta").click()
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/auth/user/*/change/")
    assert "Nina" in page.content()

    page.goto(live_server.url + reverse("admin:auth_user_changelist"))
    row = page.locator("tr", has_text="nina")
    assert "Tjänsteperson" in row.inner_text()
    assert "Fritid och folkhälsa" in row.inner_text()
    assert "Lokalt konto" in row.inner_text()

    page.context.clear_cookies()
    log_in(page, live_server, reverse("organisation:login"), "nina", NEW_PASSWORD)
    page.wait_for_url("**/arbetsyta/")
    assert "Inloggad som Nina Nilsson" in page.content()
    page.get_by_role("table").get_by_role("link", name="Trygghetsvandring runt Hulta torg").click()
    page.wait_for_url("**/arbetsyta/insatser/*/")
    assert page.foreign_requests == []
