"""Internal meetings, unpublished minutes and their attachments never reach the public."""

import pytest
from django.urls import reverse

from organisation.models import Bilaga
from tests.factories import BeslutFactory, MoteFactory
from tests.organisation import files

pytestmark = pytest.mark.django_db

PUBLIC_OUTPUTS = [
    "/moten.ics",
    "/moten/minnesanteckningar.atom",
    "/sitemap.xml",
]


def _attach(mote, title="Presentation"):
    return Bilaga.objects.create(
        mote=mote,
        title=title,
        file=files.pdf(),
        original_name="presentation.pdf",
        file_type="pdf",
        size=len(files.MINIMAL_PDF),
    )


@pytest.fixture
def meetings(forum, internal_forum):
    """One meeting of each kind of secrecy, each with a distinctive word in its minutes."""
    return {
        "published": MoteFactory(
            forum=forum, published=True, title="Öppet möte", minutes="Publicerat-ord-alfa"
        ),
        "unpublished": MoteFactory(
            forum=forum, title="Ännu ej publicerat", minutes="Opublicerat-ord-beta"
        ),
        "internal_meeting": MoteFactory(
            forum=forum,
            is_public=False,
            title="Internt möte i öppet forum",
            minutes="Internt-ord-gamma",
        ),
        "internal_forum": MoteFactory(
            forum=internal_forum, title="Möte i internt forum", minutes="Internt-ord-delta"
        ),
    }


def test_forum_page_lists_published_minutes_and_hides_the_rest(client, forum, meetings):
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "Öppet möte" in page
    assert "Internt möte i öppet forum" not in page
    assert "Ännu ej publicerat" not in page  # held, but its minutes are not out yet


def test_internal_forum_page_shows_only_that_it_exists(client, internal_forum, meetings):
    page = client.get(internal_forum.get_absolute_url()).content.decode()
    assert internal_forum.purpose in page
    assert "Möte i internt forum" not in page
    assert "internt forum" in page.lower()


def test_published_minutes_are_shown_with_decisions(client, meetings):
    mote = meetings["published"]
    BeslutFactory(mote=mote, text="Belysningen vid torget ses över.")
    page = client.get(mote.get_absolute_url()).content.decode()
    assert "Publicerat-ord-alfa" in page
    assert "Belysningen vid torget ses över." in page


def test_unpublished_minutes_are_not_shown_on_the_public_meeting_page(client, meetings):
    mote = meetings["unpublished"]
    BeslutFactory(mote=mote, text="Hemligt beslut om kameror")
    response = client.get(mote.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Opublicerat-ord-beta" not in page
    assert "Hemligt beslut om kameror" not in page
    assert "inte publicerats" in page


@pytest.mark.parametrize("which", ["internal_meeting", "internal_forum"])
def test_internal_meetings_answer_404_by_direct_url(client, meetings, which):
    mote = meetings[which]
    assert client.get(mote.get_absolute_url()).status_code == 404
    url = reverse("organisation:mote", kwargs={"slug": "bra-test", "pk": mote.pk})
    assert client.get(url).status_code == 404


def test_no_public_output_carries_internal_or_unpublished_words(client, meetings, internal_forum):
    pages = [client.get(url).content.decode() for url in PUBLIC_OUTPUTS]
    pages.append(client.get("/forum/bra-test/moten.ics").content.decode())
    pages.append(client.get(internal_forum.get_absolute_url()).content.decode())
    text = "\n".join(pages)
    assert "Publicerat-ord-alfa" in text  # the feed carries the published minutes
    for word in ["Opublicerat-ord-beta", "Internt-ord-gamma", "Internt-ord-delta"]:
        assert word not in text
    assert "Internt möte i öppet forum" not in text
    assert "Möte i internt forum" not in text


def test_internal_forum_has_no_calendar(client, internal_forum, meetings):
    assert client.get(f"/forum/{internal_forum.slug}/moten.ics").status_code == 404


def test_calendar_lists_public_meetings_with_cancelled_ones_marked(client, forum):
    MoteFactory(forum=forum, planned=True, title="Planerad halvdag")
    MoteFactory(
        forum=forum,
        planned=True,
        title="Inställd halvdag",
        status="installt",
        cancellation_reason="Sjukdom",
    )
    calendar = client.get("/moten.ics").content.decode()
    assert "Planerad halvdag" in calendar
    assert "STATUS:CANCELLED" in calendar
    assert calendar.count("BEGIN:VEVENT") == 2


@pytest.mark.parametrize("which", ["unpublished", "internal_meeting", "internal_forum"])
def test_attachments_of_unpublished_or_internal_meetings_are_unreachable(
    client, meetings, outsider, which
):
    attachment = _attach(meetings[which])
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_members_download_attachments_of_their_internal_meetings(client, meetings, member):
    attachment = _attach(meetings["internal_forum"])
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.MINIMAL_PDF


def test_attachment_of_published_minutes_downloads_as_attachment_without_sniffing(client, meetings):
    attachment = _attach(meetings["published"])
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="presentation.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    page = client.get(meetings["published"].get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page


def test_unpublishing_minutes_takes_them_off_every_output(client, meetings, forum_coordinator):
    mote = meetings["published"]
    attachment = _attach(mote)
    client.force_login(forum_coordinator)
    client.post(reverse("organisation:mote_unpublish", args=[mote.pk]))
    client.logout()
    assert "Publicerat-ord-alfa" not in client.get(mote.get_absolute_url()).content.decode()
    assert (
        "Publicerat-ord-alfa" not in client.get("/moten/minnesanteckningar.atom").content.decode()
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_sitemap_lists_meetings_with_published_minutes_only(client, meetings):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert meetings["published"].get_absolute_url() in sitemap
    for which in ["unpublished", "internal_meeting", "internal_forum"]:
        assert f"/moten/{meetings[which].pk}/" not in sitemap
