"""The seven ways the portal's first promise was broken, each as it was tried.

Nothing internal and no personal identity number reaches a public output, and officials
see only what their memberships allow. Each test repeats what an attacker or a new user
did, and fails on the code before the access layer.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organisation.models import Bilaga, Dagordningspunkt, Forummedlemskap, Mote
from organisation.roles import ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from samverkan.models import Insats
from tests.factories import (
    AtgardFactory,
    AtgardsplanFactory,
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
    UserFactory,
    insats_form_data,
)
from tests.organisation import files
from tests.organisation.test_moten_workspace import _meeting_data

PERSONNUMMER = "19121212-1212"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def grupp(db):
    return SamverkansgruppFactory(
        samverkansomrade=SamverkansomradeFactory(name="Lokal samverkan"), name="Nätverk Hulta"
    )


@pytest.fixture
def member(grupp):
    user = UserFactory(username="gruppmedlem", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=grupp)
    return user


@pytest.fixture
def area_coordinator(grupp):
    user = UserFactory(username="omradessamordnare", roles=[COORDINATOR_ROLE])
    grupp.samverkansomrade.coordinators.add(user)
    return user


# 1 -----------------------------------------------------------------------------------


def test_a_group_member_cannot_make_an_insats_public_again_by_restoring_an_old_version(
    client, member, area_coordinator, grupp
):
    insats = InsatsFactory(
        published=True, samverkansomrade=grupp.samverkansomrade, grupp=grupp, title="Nattvandring"
    )
    public_version = insats.history.latest("history_date")
    # The coordinator decides that the insats is for officials only.
    insats.visibility = Insats.Visibility.INTERNAL
    insats.save()
    client.force_login(member)

    client.post(reverse("samverkan:insats_restore", args=[insats.pk, public_version.history_id]))

    insats.refresh_from_db()
    assert insats.visibility == Insats.Visibility.INTERNAL
    client.logout()
    assert client.get(reverse("samverkan:insats", args=[insats.slug])).status_code == 404


def test_a_restore_cannot_move_an_insats_to_another_group_for_a_plain_member(client, member, grupp):
    insats = InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp)
    first = insats.history.latest("history_date")
    insats.grupp = SamverkansgruppFactory(samverkansomrade=grupp.samverkansomrade)
    insats.save()
    moved_to = insats.grupp_id
    GruppmedlemskapFactory(user=member, grupp=insats.grupp)
    client.force_login(member)

    client.post(reverse("samverkan:insats_restore", args=[insats.pk, first.history_id]))

    insats.refresh_from_db()
    assert insats.grupp_id == moved_to


def test_restoring_a_version_with_a_personnummer_into_a_published_insats_is_refused(
    client, member, grupp
):
    insats = InsatsFactory(
        samverkansomrade=grupp.samverkansomrade,
        grupp=grupp,
        description=f"Kontakt med boende {PERSONNUMMER} om belysningen.",
    )
    with_number = insats.history.latest("history_date")
    insats.description = "Kontakt med boende om belysningen."
    insats.publication = Insats.Publication.PUBLISHED
    insats.save()
    client.force_login(member)

    response = client.post(
        reverse("samverkan:insats_restore", args=[insats.pk, with_number.history_id]),
        follow=True,
    )

    insats.refresh_from_db()
    assert PERSONNUMMER not in insats.description
    assert "personnummer" in response.content.decode()
    client.logout()
    assert PERSONNUMMER not in client.get(insats.get_absolute_url()).content.decode()


# 2 -----------------------------------------------------------------------------------


@pytest.fixture
def open_forum(db):
    return ForumFactory(name="Brottsförebyggande rådet", slug="bra-prov")


@pytest.fixture
def forum_member(open_forum):
    user = UserFactory(username="forummedlem", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=open_forum)
    return user


def _meeting(**changes):
    return _meeting_data(**{"agenda_items-TOTAL_FORMS": "1"} | changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Uppföljning av ärende 811218-9876"},
        {"place": "Hemma hos 811218-9876"},
        {"agenda_items-0-heading": "Ärendet 811218-9876"},
        {"agenda_items-0-description": "Gäller 811218-9876."},
    ],
    ids=["title", "place", "agenda heading", "agenda description"],
)
def test_a_public_meetings_title_place_and_agenda_are_checked_before_they_go_public(
    client, forum_member, open_forum, changes
):
    client.force_login(forum_member)

    response = client.post(
        reverse("organisation:mote_create", args=[open_forum.slug]), _meeting(**changes)
    )

    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    assert not Mote.objects.exists()
    assert not Dagordningspunkt.objects.exists()
    client.logout()
    assert "811218" not in client.get(reverse("organisation:moten_ics")).content.decode()


def test_an_internal_meetings_title_may_hold_a_number_and_the_author_is_warned(
    client, forum_member, open_forum
):
    client.force_login(forum_member)

    client.post(
        reverse("organisation:mote_create", args=[open_forum.slug]),
        _meeting(title="Uppföljning av ärende 811218-9876", is_public=""),
    )

    assert Mote.objects.get().is_public is False


def test_editing_a_public_meeting_in_the_admin_is_checked_too(open_forum):
    mote = MoteFactory(forum=open_forum, planned=True)
    mote.place = "Hemma hos 811218-9876"

    with pytest.raises(ValidationError):
        mote.save()

    mote.refresh_from_db()
    assert "811218" not in mote.place


# 3 -----------------------------------------------------------------------------------


@pytest.fixture
def forum_coordinator(open_forum):
    user = UserFactory(username="forumsamordnare", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=open_forum, role=Forummedlemskap.Role.FORUM_COORDINATOR)
    return user


def _upload(client, mote, upload, title="Bilaga"):
    return client.post(
        reverse("organisation:bilaga_upload", args=[mote.pk]), {"title": title, "file": upload}
    )


@pytest.mark.parametrize(
    ("title", "upload"),
    [
        (f"Deltagarlista {PERSONNUMMER}", lambda: files.pdf()),
        ("Deltagarlista", lambda: files.pdf(name=f"lista-{PERSONNUMMER}.pdf")),
        ("Deltagarlista", lambda: files.pdf(content=files.build_pdf([f"Anna {PERSONNUMMER}"]))),
    ],
    ids=["title", "file name", "text inside the PDF"],
)
def test_an_attachment_of_published_minutes_is_checked_before_anyone_can_download_it(
    client, forum_member, open_forum, title, upload
):
    mote = MoteFactory(forum=open_forum, published=True)
    client.force_login(forum_member)

    response = _upload(client, mote, upload(), title=title)

    assert response.status_code == 400
    assert "personnummer" in response.content.decode()
    assert not Bilaga.objects.exists()


def test_minutes_are_not_published_while_an_attachment_holds_a_personnummer(
    client, forum_coordinator, open_forum
):
    mote = MoteFactory(forum=open_forum)
    client.force_login(forum_coordinator)
    _upload(client, mote, files.pdf(content=files.build_pdf([f"Anna {PERSONNUMMER}"])))
    attachment = Bilaga.objects.get()

    response = client.post(reverse("organisation:mote_publish", args=[mote.pk]), follow=True)

    mote.refresh_from_db()
    assert mote.minutes_published_at is None
    assert "personnummer" in response.content.decode()
    client.logout()
    assert client.get(reverse("organisation:bilaga", args=[attachment.pk])).status_code == 404


# 4 -----------------------------------------------------------------------------------


def test_an_atgardsplan_shows_another_areas_internal_insats_to_an_area_member_as_inaccessible(
    client, member, grupp
):
    elsewhere = SamverkansgruppFactory(samverkansomrade=SamverkansomradeFactory(name="Trygga"))
    hidden = InsatsFactory(
        internal=True,
        samverkansomrade=elsewhere.samverkansomrade,
        grupp=elsewhere,
        title="Hemlig kartläggning av gängmiljö",
    )
    UppfoljningFactory(insats=hidden, is_public=False, done="Intern uppgift om källan Örnen.")
    own = InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp, title="Egen insats")
    lagesbild = LagesbildFactory(scope="samverkansomrade", samverkansomrade=grupp.samverkansomrade)
    problem = ProblemFactory(lagesbild=lagesbild, title="Otrygghet vid torget")
    lagesbild.status = "faststalld"
    lagesbild.adopted_by = ForumFactory()
    lagesbild.adopted_on = timezone.localdate()
    lagesbild.save()
    plan = AtgardsplanFactory(lagesbild=lagesbild)
    AtgardFactory(atgardsplan=plan, problem=problem, insats=hidden)
    AtgardFactory(atgardsplan=plan, problem=problem, insats=own)
    client.force_login(member)

    for name in ["atgardsplan", "atgardsplan_followup"]:
        page = client.get(reverse(f"lagesbild:{name}", args=[plan.pk])).content.decode()
        assert "Egen insats" in page
        assert "Hemlig kartläggning" not in page
        assert "Örnen" not in page
        assert "åtkomst till" in page


# 5 -----------------------------------------------------------------------------------


def test_the_workspace_page_of_a_published_insats_shows_another_official_what_residents_see(
    client, grupp
):
    hidden_group = SamverkansgruppFactory(
        samverkansomrade=grupp.samverkansomrade, name="Slutna gruppen Falken", is_public=False
    )
    insats = InsatsFactory(
        published=True, samverkansomrade=grupp.samverkansomrade, grupp=hidden_group
    )
    author = UserFactory(username="forfattaren", first_name="Karin", last_name="Kvist")
    UppfoljningFactory(
        insats=insats, is_public=False, done="Internt: polisens källa", author=author
    )
    UppfoljningFactory(insats=insats, is_public=True, done="Vandring med tolv boende")
    other = UserFactory(username="annan", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=other, grupp=SamverkansgruppFactory())
    client.force_login(other)

    page = client.get(reverse("samverkan:arbetsyta_insats", args=[insats.pk])).content.decode()

    assert "Vandring med tolv boende" in page
    assert "polisens källa" not in page
    assert "Kvist" not in page
    assert "Falken" not in page


# 6 -----------------------------------------------------------------------------------


def test_the_faststall_form_lists_no_meeting_of_an_internal_forum_the_user_is_not_in(client, db):
    bra = ForumFactory(name="Brå", slug="bra")
    closed = ForumFactory(name="Slutna rådet", slug="slutet", is_public=False)
    MoteFactory(forum=closed, is_public=False, title="Hemligt möte om Ugglan")
    MoteFactory(forum=bra, title="Brås halvdag")
    analyst = UserFactory(username="analytiker", roles=[ANALYTIKER])
    lagesbild = LagesbildFactory()
    ProblemFactory(lagesbild=lagesbild)
    client.force_login(analyst)

    page = client.get(reverse("lagesbild:faststall", args=[lagesbild.pk])).content.decode()

    assert "Brås halvdag" in page
    assert "Ugglan" not in page


def test_the_edit_of_a_published_insats_keeps_the_guard(client, member, area_coordinator, grupp):
    insats = InsatsFactory(published=True, samverkansomrade=grupp.samverkansomrade, grupp=grupp)
    client.force_login(member)

    response = client.post(
        reverse("samverkan:insats_edit", args=[insats.pk]),
        insats_form_data(insats, summary="Kontakt: 121212–1212"),
    )

    assert response.status_code == 200
    insats.refresh_from_db()
    assert "1212" not in insats.summary
