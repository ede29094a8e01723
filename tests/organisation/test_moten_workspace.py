"""Members keep their forum's meetings; other officials read what is public; the rest get 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organisation.models import Beslut, Bilaga, Mote
from tests.factories import BeslutFactory, MoteFactory
from tests.organisation import files

pytestmark = pytest.mark.django_db


def _meeting_data(**changes):
    start = timezone.localtime() + timedelta(days=20)
    data = {
        "kind": "halvdag",
        "title": "Vårens halvdag",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "place": "Stadshuset",
        "status": "planerat",
        "cancellation_reason": "",
        "is_public": "on",
        "agenda_items-TOTAL_FORMS": "2",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "agenda_items-0-order": "1",
        "agenda_items-0-heading": "Lägesbild från Polisen",
        "agenda_items-1-order": "",
        "agenda_items-1-heading": "",
    }
    data.update(changes)
    return data


def _minutes_data(mote, **changes):
    data = {
        "minutes": "## Genomgång\n\nLäget redovisades.",
        "attended_by": [],
        "beslut-TOTAL_FORMS": "1",
        "beslut-INITIAL_FORMS": "0",
        "beslut-MIN_NUM_FORMS": "0",
        "beslut-MAX_NUM_FORMS": "1000",
        "beslut-0-text": "Fritidsförvaltningen ordnar fler trygghetsvandringar.",
        "beslut-0-responsible": "",
        "beslut-0-due_date": "",
    }
    data.update(changes)
    return data


def test_member_plans_a_meeting_with_its_agenda(client, forum, member):
    client.force_login(member)
    response = client.post(reverse("organisation:mote_create", args=[forum.slug]), _meeting_data())
    mote = Mote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mote.get_workspace_url()
    assert mote.is_public and mote.status == "planerat"
    assert [item.heading for item in mote.agenda_items.all()] == ["Lägesbild från Polisen"]
    page = client.get(mote.get_workspace_url()).content.decode()
    assert "Lägesbild från Polisen" in page


def test_meeting_ending_before_it_starts_is_refused_in_swedish_and_nothing_saved(
    client, forum, member
):
    client.force_login(member)
    data = _meeting_data()
    data["ends_at"] = data["starts_at"].replace("T09:00", "T08:00")
    response = client.post(reverse("organisation:mote_create", args=[forum.slug]), data)
    assert response.status_code == 200
    assert "Mötet måste sluta efter att det börjar." in response.content.decode()
    assert not Mote.objects.exists()


def test_a_future_meeting_cannot_be_marked_held(client, forum, member):
    client.force_login(member)
    response = client.post(
        reverse("organisation:mote_create", args=[forum.slug]), _meeting_data(status="genomfort")
    )
    assert "inte har börjat" in response.content.decode()
    assert not Mote.objects.exists()


def test_meetings_of_an_internal_forum_are_internal_whatever_is_posted(
    client, internal_forum, member
):
    client.force_login(member)
    client.post(reverse("organisation:mote_create", args=[internal_forum.slug]), _meeting_data())
    assert Mote.objects.get().is_public is False


def test_outsider_cannot_plan_meetings_or_open_a_meeting_in_the_workspace(client, forum, outsider):
    """The public forum and its public meeting are visible to them, so the refusal is 403."""
    mote = MoteFactory(forum=forum)
    client.force_login(outsider)
    assert client.get(reverse("organisation:mote_create", args=[forum.slug])).status_code == 403
    for name in ["arbetsyta_mote", "mote_edit", "mote_minutes", "mote_history"]:
        assert client.get(reverse(f"organisation:{name}", args=[mote.pk])).status_code == 403
    assert client.post(reverse("organisation:mote_publish", args=[mote.pk])).status_code == 403


def test_outsider_learns_nothing_of_an_internal_forums_meetings(client, internal_forum, outsider):
    mote = MoteFactory(forum=internal_forum, is_public=False)
    client.force_login(outsider)
    assert (
        client.get(reverse("organisation:mote_create", args=[internal_forum.slug])).status_code
        == 404
    )
    for name in ["arbetsyta_mote", "mote_edit", "mote_minutes", "mote_history"]:
        assert client.get(reverse(f"organisation:{name}", args=[mote.pk])).status_code == 404
    assert client.post(reverse("organisation:mote_publish", args=[mote.pk])).status_code == 404


def test_outsider_reads_a_public_forums_public_meetings_only(client, forum, outsider):
    MoteFactory(forum=forum, planned=True, title="Kommande öppet möte")
    MoteFactory(forum=forum, planned=True, title="Kommande internt möte", is_public=False)
    client.force_login(outsider)
    page = client.get(reverse("organisation:arbetsyta_forum", args=[forum.slug])).content.decode()
    assert "Kommande öppet möte" in page
    assert "Kommande internt möte" not in page
    assert "Nytt möte" not in page


def test_outsider_gets_404_for_an_internal_forums_workspace(client, internal_forum, outsider):
    client.force_login(outsider)
    url = reverse("organisation:arbetsyta_forum", args=[internal_forum.slug])
    assert client.get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_login_from_the_workspace(client, forum):
    response = client.get(reverse("organisation:arbetsyta_forum", args=[forum.slug]))
    assert response.status_code == 302
    assert reverse("organisation:login") in response["Location"]


def test_forum_workspace_shows_cadence_and_overdue_decisions(client, forum, member):
    now = timezone.localtime()
    year_start = now.replace(month=1, day=1, hour=9, minute=0)
    MoteFactory(forum=forum, starts_at=year_start + timedelta(days=1))
    MoteFactory(forum=forum, starts_at=year_start + timedelta(days=2))
    MoteFactory(forum=forum, planned=True, starts_at=now.replace(month=12, day=30))
    mote = MoteFactory(forum=forum, starts_at=year_start + timedelta(days=3), kind="fokusmote")
    BeslutFactory(
        mote=mote,
        text="Försenat beslut om belysning",
        due_date=timezone.localdate() - timedelta(days=1),
    )
    BeslutFactory(
        mote=mote, text="Klart beslut", due_date=timezone.localdate() - timedelta(days=1), done=True
    )
    client.force_login(member)
    page = client.get(reverse("organisation:arbetsyta_forum", args=[forum.slug])).content.decode()
    assert "2 av 3 × halvdag genomförda, 1 planerat" in page
    assert "1 av 4 × fokusmöte genomförda, 3 ännu inte planerade" in page
    assert "Försenat beslut om belysning" in page
    assert "Klart beslut" not in page


def test_member_writes_minutes_and_decisions_in_one_step(client, forum, member):
    mote = MoteFactory(forum=forum, minutes="")
    client.force_login(member)
    response = client.post(
        reverse("organisation:mote_minutes", args=[mote.pk]), _minutes_data(mote)
    )
    assert response.status_code == 302
    mote.refresh_from_db()
    assert "Läget redovisades." in mote.minutes
    assert Beslut.objects.get().text == "Fritidsförvaltningen ordnar fler trygghetsvandringar."


def test_only_the_forums_coordinator_publishes_minutes(client, forum, member, forum_coordinator):
    mote = MoteFactory(forum=forum)
    client.force_login(member)
    response = client.post(reverse("organisation:mote_publish", args=[mote.pk]))
    assert response.status_code == 403
    mote.refresh_from_db()
    assert mote.minutes_published_at is None
    client.force_login(forum_coordinator)
    client.post(reverse("organisation:mote_publish", args=[mote.pk]))
    mote.refresh_from_db()
    assert mote.minutes_published_at is not None


def test_publishing_minutes_with_a_personnummer_is_refused(client, forum, forum_coordinator):
    mote = MoteFactory(forum=forum, minutes="Anmälan gällde 19811218-9876 i Hulta.")
    client.force_login(forum_coordinator)
    response = client.post(reverse("organisation:mote_publish", args=[mote.pk]), follow=True)
    mote.refresh_from_db()
    assert mote.minutes_published_at is None
    assert "personnummer" in response.content.decode()


def test_editing_published_minutes_rechecks_for_personnummer(client, forum, member):
    mote = MoteFactory(forum=forum, published=True)
    client.force_login(member)
    response = client.post(
        reverse("organisation:mote_minutes", args=[mote.pk]),
        _minutes_data(mote, minutes="Gäller 811218-9876.", **{"beslut-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    mote.refresh_from_db()
    assert "811218" not in mote.minutes


def test_planned_meeting_minutes_cannot_be_published(client, forum, forum_coordinator):
    mote = MoteFactory(forum=forum, planned=True, minutes="Förberedelser")
    client.force_login(forum_coordinator)
    response = client.post(reverse("organisation:mote_publish", args=[mote.pk]), follow=True)
    assert "genomfört möte" in response.content.decode()
    mote.refresh_from_db()
    assert mote.minutes_published_at is None


def test_history_shows_each_change_and_restores_without_publishing(client, forum, member):
    mote = MoteFactory(forum=forum, place="Stadshuset")
    client.force_login(member)
    data = _meeting_data(
        title=mote.title,
        starts_at=timezone.localtime(mote.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(mote.ends_at).strftime("%Y-%m-%dT%H:%M"),
        status="genomfort",
        place="Kulturhuset",
    )
    data["agenda_items-TOTAL_FORMS"] = "0"
    assert client.post(reverse("organisation:mote_edit", args=[mote.pk]), data).status_code == 302
    page = client.get(reverse("organisation:mote_history", args=[mote.pk])).content.decode()
    assert "Stadshuset" in page and "Kulturhuset" in page
    first = mote.history.order_by("history_date").first()
    client.post(reverse("organisation:mote_restore", args=[mote.pk, first.history_id]))
    mote.refresh_from_db()
    assert mote.place == "Stadshuset"
    assert mote.minutes_published_at is None


def _post_endpoints(mote, attachment):
    history_id = mote.history.first().history_id
    return [
        reverse("organisation:mote_publish", args=[mote.pk]),
        reverse("organisation:mote_unpublish", args=[mote.pk]),
        reverse("organisation:bilaga_upload", args=[mote.pk]),
        reverse("organisation:bilaga_delete", args=[attachment.pk]),
        reverse("organisation:mote_restore", args=[mote.pk, history_id]),
    ]


@pytest.fixture
def published_with_attachment(forum):
    mote = MoteFactory(forum=forum, published=True)
    attachment = Bilaga.objects.create(
        mote=mote,
        title="Bild",
        file=files.pdf(),
        original_name="bild.pdf",
        file_type="pdf",
        size=len(files.MINIMAL_PDF),
    )
    return mote, attachment


def test_outsider_is_refused_every_action_on_a_public_meeting(
    client, outsider, published_with_attachment
):
    mote, attachment = published_with_attachment
    client.force_login(outsider)
    for url in _post_endpoints(mote, attachment):
        assert client.post(url).status_code == 403, url
    mote.refresh_from_db()
    assert mote.minutes_published_at is not None
    assert Bilaga.objects.filter(pk=attachment.pk).exists()


def test_anonymous_visitor_is_sent_to_login_from_every_workspace_page_and_action(
    client, forum, published_with_attachment
):
    mote, attachment = published_with_attachment
    pages = [
        reverse("organisation:mote_create", args=[forum.slug]),
        reverse("organisation:arbetsyta_mote", args=[mote.pk]),
        reverse("organisation:mote_edit", args=[mote.pk]),
        reverse("organisation:mote_minutes", args=[mote.pk]),
        reverse("organisation:mote_history", args=[mote.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url
    for url in _post_endpoints(mote, attachment):
        response = client.post(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url
    mote.refresh_from_db()
    assert mote.minutes_published_at is not None
