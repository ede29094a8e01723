from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from organisation.models import Forum, Forummedlemskap, Mote
from samverkan.services import load_structure
from tests.e2e.test_accessibility import serious_violations
from tests.organisation.files import MINIMAL_PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "korrekt-hast-batteri"


@pytest.fixture
def forum_coordinator(transactional_db, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_structure()
    user = django_user_model.objects.create_user("bra-samordnare", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="Tjänsteperson")[0])
    Forummedlemskap.objects.create(
        user=user, forum=Forum.objects.get(slug="bra"), role=Forummedlemskap.Role.FORUM_COORDINATOR
    )
    return user


def test_coordinator_records_a_meeting_and_residents_read_the_minutes(
    page, live_server, forum_coordinator, tmp_path
):
    day = timezone.localdate() - timedelta(days=3)
    page.goto(live_server.url + reverse("organisation:login"))
    page.get_by_label("Användarnamn").fill(forum_coordinator.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arbetsyta/")

    page.get_by_role("link", name="Brottsförebyggande rådet").click()
    page.wait_for_url("**/arbetsyta/forum/bra/")
    assert "0 av 3 × halvdag genomförda" in page.content()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Nytt möte").click()
    assert serious_violations(page) == []
    page.select_option("#id_kind", value="halvdag")
    page.fill("#id_title", "Halvdag om otrygga platser")
    page.fill("#id_starts_at", f"{day.isoformat()}T08:30")
    page.fill("#id_ends_at", f"{day.isoformat()}T12:00")
    page.fill("#id_place", "Stadshuset")
    page.select_option("#id_status", value="genomfort")
    page.fill("#id_agenda_items-0-order", "1")
    page.fill("#id_agenda_items-0-heading", "Belysningen vid Hulta torg")
    page.get_by_role("button", name="Spara mötet").click()
    page.wait_for_url("**/arbetsyta/moten/*/")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Minnesanteckningar och beslut").click()
    assert serious_violations(page) == []
    page.fill("#id_minutes", "## Genomgång\n\nTekniska förvaltningen ser över belysningen.")
    page.get_by_label("Polismyndigheten, lokalpolisområde Borås").check()
    page.fill("#id_beslut-0-text", "Belysningen byts före jul.")
    page.get_by_role("button", name="Spara minnesanteckningar").click()
    page.wait_for_url("**/arbetsyta/moten/*/")

    presentation = tmp_path / "belysning.pdf"
    presentation.write_bytes(MINIMAL_PDF)
    page.fill("#id_title", "Presentation om belysning")
    page.set_input_files("#id_file", str(presentation))
    page.get_by_role("button", name="Bifoga filen").click()
    page.wait_for_url("**/arbetsyta/moten/*/")
    assert page.get_by_role("link", name="Presentation om belysning", exact=True).is_visible()

    page.get_by_role("button", name="Publicera minnesanteckningarna").click()
    page.wait_for_url("**/arbetsyta/moten/*/")
    assert "Minnesanteckningarna är publicerade" in page.content()

    mote = Mote.objects.get(title="Halvdag om otrygga platser")
    page.get_by_role("button", name="Logga ut").click()
    page.goto(live_server.url + mote.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Brå: Halvdag om otrygga platser"
    assert "Tekniska förvaltningen ser över belysningen." in page.content()
    assert "Belysningen byts före jul." in page.content()
    assert serious_violations(page) == []
    assert page.foreign_requests == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Presentation om belysning").click()
    assert download.value.suggested_filename == "belysning.pdf"

    page.goto(live_server.url + reverse("organisation:forum", kwargs={"slug": "bra"}))
    assert page.get_by_role("link", name="Halvdag om otrygga platser").is_visible()
    assert serious_violations(page) == []
