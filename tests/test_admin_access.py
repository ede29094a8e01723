"""The admin through the access layer: who gets in, the publication guard, archiving."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from organisation.roles import ADMINISTRATOR, TJANSTEPERSON
from samverkan.models import Insats, Uppfoljning
from tests.admin_forms import change_form_data
from tests.factories import (
    ForumFactory,
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    UppfoljningFactory,
    UserFactory,
)

PERSONNUMMER = "19121212-1212"
GUARD_MESSAGE = "ser ut som ett personnummer"


@pytest.fixture
def superuser(db):
    user = UserFactory(username="superanvandare")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def insats(db):
    return InsatsFactory(published=True, title="Trygghetsvandring i Hulta")


def admin_url(obj, view="change"):
    opts = obj._meta
    args = [] if view in {"changelist", "add"} else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


# --- Who gets in ----------------------------------------------------------------------


@pytest.fixture
def staff_group_member(insats):
    """Staff, a member of the insats's group, and even given the admin's model permissions
    by hand: still not an administrator."""
    user = UserFactory(username="personal-med-flagga", roles=[TJANSTEPERSON])
    user.is_staff = True
    user.save()
    GruppmedlemskapFactory(user=user, grupp=insats.grupp)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["samverkan", "organisation", "lagesbild"]
        )
    )
    return user


@pytest.fixture
def admin_pages(insats):
    mote = MoteFactory()
    lagesbild = LagesbildFactory()
    return [
        admin_url(insats, "changelist"),
        admin_url(insats),
        admin_url(insats, "add"),
        admin_url(insats, "history"),
        admin_url(mote),
        admin_url(mote.forum),
        admin_url(lagesbild),
        admin_url(lagesbild, "changelist"),
    ]


def test_staff_user_who_is_not_an_administrator_gets_403_from_admin_model_pages(
    client, staff_group_member, admin_pages
):
    client.force_login(staff_group_member)

    statuses = {url: client.get(url).status_code for url in admin_pages}

    assert statuses == dict.fromkeys(admin_pages, 403)


def test_staff_user_who_is_not_an_administrator_sees_no_project_app_on_the_admin_index(
    client, staff_group_member
):
    client.force_login(staff_group_member)

    response = client.get(reverse("admin:index"))

    assert "Trygghetsvandring" not in response.text
    assert reverse("admin:samverkan_insats_changelist") not in response.text


def test_administrator_by_role_without_model_permissions_has_full_access(client, admin_pages):
    user = UserFactory(username="administrator-roll", roles=[ADMINISTRATOR])
    user.is_staff = True
    user.save()
    client.force_login(user)

    statuses = {url: client.get(url).status_code for url in admin_pages}

    assert statuses == dict.fromkeys(admin_pages, 200)


# --- The publication guard ------------------------------------------------------------


def test_superuser_saving_a_personnummer_in_a_published_insats_sees_the_error_and_nothing_is_written(
    client, superuser, insats
):
    client.force_login(superuser)
    url = admin_url(insats)
    versions = insats.history.count()
    data = change_form_data(client.get(url), description=f"Kontakt: Anna, {PERSONNUMMER}.")

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert GUARD_MESSAGE in " ".join(errors["description"])
    insats.refresh_from_db()
    assert PERSONNUMMER not in insats.description
    assert insats.history.count() == versions


def test_public_follow_up_with_a_personnummer_under_a_published_insats_is_refused_in_the_inline(
    client, superuser, insats
):
    entry = UppfoljningFactory(
        insats=insats, is_public=True, done="Vi gick runt torget.", author=superuser
    )
    client.force_login(superuser)
    url = admin_url(insats)
    data = change_form_data(
        client.get(url), **{"uppfoljningar-0-done": f"Vi gick med {PERSONNUMMER} runt torget."}
    )

    response = client.post(url, data)

    assert response.status_code == 200
    inline_errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert GUARD_MESSAGE in inline_errors
    assert Uppfoljning.objects.get(pk=entry.pk).done == "Vi gick runt torget."


def test_public_meeting_place_with_a_personnummer_is_refused_in_the_admin(client, superuser):
    mote = MoteFactory(forum=ForumFactory(is_public=True), is_public=True, place="Stadshuset")
    client.force_login(superuser)
    url = admin_url(mote)
    data = change_form_data(client.get(url), place=f"Hemma hos {PERSONNUMMER}")

    response = client.post(url, data)

    assert response.status_code == 200
    assert GUARD_MESSAGE in " ".join(response.context["adminform"].form.errors["place"])
    mote.refresh_from_db()
    assert mote.place == "Stadshuset"


# --- Archiving instead of deleting ----------------------------------------------------


def test_insats_changelist_offers_archiving_and_no_delete_even_to_a_superuser(
    client, superuser, insats
):
    client.force_login(superuser)

    response = client.get(admin_url(insats, "changelist"))

    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert actions["archive_selected"] == "Arkivera markerade insatser"
    assert client.get(admin_url(insats, "delete")).status_code == 403


def test_archive_action_archives_the_selected_insatser_and_keeps_their_history(
    client, superuser, insats
):
    other = InsatsFactory(published=True)
    untouched = InsatsFactory(published=True)
    insats.summary = "En ändrad sammanfattning."
    insats.save()
    versions = list(insats.history.values_list("history_id", flat=True))
    client.force_login(superuser)

    response = client.post(
        admin_url(insats, "changelist"),
        {"action": "archive_selected", "_selected_action": [insats.pk, other.pk]},
        follow=True,
    )

    assert "2 insatser arkiverades" in response.text
    assert Insats.objects.filter(archived_at__isnull=False).count() == 2
    assert Insats.objects.get(pk=untouched.pk).archived_at is None
    assert set(versions) < set(insats.history.values_list("history_id", flat=True))
    assert insats.history.first().archived_at is not None
