import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from lagesbild.demo_rapport import load_demo_arsuppfoljning
from samverkan.demo import load_demo_insatser
from samverkan.models import Insats
from samverkan.services import load_structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "korrekt-hast-batteri"


@pytest.fixture
def coordinator(transactional_db, django_user_model):
    load_structure()
    load_demo_insatser()
    load_demo_arsuppfoljning()
    user = django_user_model.objects.create_user(
        "samordnare-e2e", password=PASSWORD, first_name="Sam", last_name="Ordnare"
    )
    user.groups.add(Group.objects.get_or_create(name="Samordnare")[0])
    return user


def test_coordinator_submits_the_report_and_sees_when_the_data_changes_afterwards(
    page, live_server, coordinator
):
    year = timezone.localdate().year
    page.goto(live_server.url + reverse("samverkan:arbetsyta"))
    page.get_by_label("Användarnamn").fill("samordnare-e2e")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/")

    page.get_by_role("link", name="Årsuppföljningar").click()
    page.get_by_role("link", name=f"Förhandsgranska {year}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Årsuppföljning {year}"
    page.get_by_role("link", name="Markera som inlämnad till Kommunstyrelsen").click()
    page.get_by_role("button", name="Spara som inlämnad").click()
    assert page.get_by_text("Kryssa i rutan för att bekräfta inlämningen.").is_visible()
    page.get_by_label("Jag bekräftar att den här versionen lämnas till Kommunstyrelsen").check()
    page.get_by_label("Anteckning").fill("Dnr KS 2026-00042")
    page.get_by_role("button", name="Spara som inlämnad").click()

    page.wait_for_url(f"**/rapporter/arsuppfoljning/{year}/")
    assert page.get_by_text(f"Version 1 av årsuppföljningen {year} är sparad").is_visible()
    assert page.get_by_text("Det aktuella underlaget är detsamma som i version 1").is_visible()

    Insats.objects.filter(slug="foraldrastod-tonar").update(
        title="Föräldrastöd, ändrad efter inlämningen"
    )
    page.reload()
    assert page.get_by_text("Det aktuella underlaget skiljer sig från version 1").is_visible()

    page.get_by_role("link", name="Alla år och inlämnade versioner").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Intern utgåva {year} version 1").click()
    assert download.value.suggested_filename == f"arsuppfoljning-{year}-version-1.pdf"
    assert page.foreign_requests == []
