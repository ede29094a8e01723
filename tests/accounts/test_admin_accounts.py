"""Onboarding an official on one admin screen: one role, the organisation, memberships."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from organisation.models import Forummedlemskap, Organtillhorighet
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from samverkan.models import Gruppmedlemskap
from tests.admin_forms import change_form_data
from tests.factories import (
    ForumFactory,
    OrganFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UserFactory,
)

ADD_URL = reverse("admin:auth_user_add")
LIST_URL = reverse("admin:auth_user_changelist")


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


@pytest.fixture
def administrator(db):
    """In the Administratör role, not a superuser: the account screen is for them."""
    user = UserFactory(username="kontoadmin", roles=[ADMINISTRATOR])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(username="superanvandare")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def inline_prefixes(response) -> dict[str, str]:
    return {
        inline.formset.model._meta.model_name: inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
    }


def add_form_data(response, **fields) -> dict:
    data = change_form_data(response)
    data.update(
        {
            "username": "ny-tjansteperson",
            "first_name": "Nina",
            "last_name": "Nilsson",
            "email": "nina.nilsson@example.org",
            "usable_password": "true",
            "password1": "korrekt-hast-batteri-42",
            "password2": "korrekt-hast-batteri-42",
        }
    )
    data.update(fields)
    return data


def test_the_add_page_offers_one_role_per_radio_button_with_what_the_role_is_for(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('type="radio" name="role"') == 4
    assert "Redigerar insatser, möten och uppföljningar" in page
    # No dual select box of groups, no raw permissions.
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="is_superuser"' not in page


def test_an_administrator_onboards_an_official_with_role_organisation_and_memberships_at_once(
    admin_client,
):
    organ = OrganFactory(name="Polisen")
    grupp = SamverkansgruppFactory()
    forum = ForumFactory()
    area = SamverkansomradeFactory()
    form_page = admin_client.get(ADD_URL)
    prefixes = inline_prefixes(form_page)
    groups, forums, areas = (
        prefixes["gruppmedlemskap"],
        prefixes["forummedlemskap"],
        prefixes["samverkansomrade_coordinators"],
    )
    data = add_form_data(
        form_page,
        role=TJANSTEPERSON,
        organ=organ.pk,
        **{
            f"{groups}-TOTAL_FORMS": "1",
            f"{groups}-0-grupp": grupp.pk,
            f"{forums}-TOTAL_FORMS": "1",
            f"{forums}-0-forum": forum.pk,
            f"{forums}-0-role": Forummedlemskap.Role.MEDLEM,
            f"{areas}-TOTAL_FORMS": "1",
            f"{areas}-0-samverkansomrade": area.pk,
        },
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="ny-tjansteperson")
    assert list(user.groups.values_list("name", flat=True)) == [TJANSTEPERSON]
    assert Organtillhorighet.objects.get(user=user).organ == organ
    assert Gruppmedlemskap.objects.filter(user=user, grupp=grupp).exists()
    assert Forummedlemskap.objects.filter(user=user, forum=forum).exists()
    assert list(user.coordinated_areas.all()) == [area]
    assert user.has_usable_password()
    assert not user.is_staff and not user.is_superuser


def test_an_account_without_a_role_is_refused_with_a_message_at_the_role(admin_client):
    response = admin_client.post(ADD_URL, add_form_data(admin_client.get(ADD_URL)))

    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="ny-tjansteperson").exists()


def test_an_sso_account_is_made_without_a_local_password(admin_client):
    response = admin_client.post(
        ADD_URL,
        add_form_data(
            admin_client.get(ADD_URL),
            role=ANALYTIKER,
            usable_password="false",
            password1="",
            password2="",
        ),
    )

    assert response.status_code == 302
    assert not User.objects.get(username="ny-tjansteperson").has_usable_password()


def test_the_administrator_role_opens_the_admin_and_another_role_closes_it(admin_client):
    user = UserFactory(username="blivande-admin", roles=[TJANSTEPERSON])
    page = admin_client.get(change_url(user))
    assert page.status_code == 200

    admin_client.post(change_url(user), change_form_data(page, role=ADMINISTRATOR))
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [ADMINISTRATOR]
    assert user.is_staff

    page = admin_client.get(change_url(user))
    admin_client.post(change_url(user), change_form_data(page, role=COORDINATOR_ROLE))
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [COORDINATOR_ROLE]
    assert not user.is_staff


def test_an_account_with_two_roles_keeps_only_the_one_chosen(admin_client):
    user = UserFactory(username="tva-roller", roles=[TJANSTEPERSON, ANALYTIKER])
    page = admin_client.get(change_url(user))
    assert "flera roller" in page.content.decode()

    admin_client.post(change_url(user), change_form_data(page, role=ANALYTIKER, organ=""))

    assert list(user.groups.values_list("name", flat=True)) == [ANALYTIKER]
    assert not Organtillhorighet.objects.filter(user=user).exists()


def test_changing_the_organisation_moves_the_account_to_the_new_one(admin_client):
    old, new = OrganFactory(), OrganFactory()
    user = UserFactory(roles=[TJANSTEPERSON])
    Organtillhorighet.objects.create(user=user, organ=old)
    page = admin_client.get(change_url(user))
    assert page.context["adminform"].form["organ"].value() == old.pk

    admin_client.post(change_url(user), change_form_data(page, organ=new.pk))

    assert Organtillhorighet.objects.get(user=user).organ == new


def test_the_account_list_shows_role_organisation_last_login_and_sign_in(admin_client):
    organ = OrganFactory(name="AB Bostäder")
    local = UserFactory(username="lokal", roles=[TJANSTEPERSON])
    Organtillhorighet.objects.create(user=local, organ=organ)
    sso = UserFactory(username="sso-konto", roles=[ANALYTIKER])
    sso.set_unusable_password()
    sso.save()

    response = admin_client.get(LIST_URL)

    page = response.content.decode()
    for column in ["Roll", "Organisation", "Senaste inloggning", "Inloggning"]:
        assert column in page
    row_local = page[page.index(">lokal<") :].split("</tr>")[0]
    row_sso = page[page.index(">sso-konto<") :].split("</tr>")[0]
    assert "Tjänsteperson" in row_local and "AB Bostäder" in row_local
    assert "Lokalt konto" in row_local
    assert "Analytiker" in row_sso and "SSO" in row_sso


@pytest.mark.parametrize("accounts", [3, 30])
def test_the_account_list_takes_the_same_queries_for_few_and_many(
    admin_client, django_assert_num_queries, accounts
):
    for _ in range(accounts):
        user = UserFactory(roles=[TJANSTEPERSON])
        Organtillhorighet.objects.create(user=user, organ=OrganFactory())
    admin_client.get(LIST_URL)  # sessions and content types warmed up

    with django_assert_num_queries(11):
        admin_client.get(LIST_URL)


def test_the_role_filter_lists_the_accounts_of_one_role(admin_client):
    UserFactory(username="en-analytiker", roles=[ANALYTIKER])
    UserFactory(username="en-tjansteperson", roles=[TJANSTEPERSON])

    page = admin_client.get(LIST_URL, {"roll": ANALYTIKER}).content.decode()

    assert "en-analytiker" in page
    assert "en-tjansteperson" not in page


def test_an_administrator_sees_a_superuser_account_but_may_not_change_it(admin_client, superuser):
    page = admin_client.get(change_url(superuser))
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()  # read only
    assert admin_client.post(change_url(superuser), {"role": TJANSTEPERSON}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.is_superuser and not superuser.groups.exists()
    password_url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert admin_client.get(password_url).status_code == 403


def test_the_raw_permission_screens_are_for_superusers_only(admin_client, client, superuser):
    raw = reverse("admin:organisation_kontomedbehorigheter_change", args=[superuser.pk])
    groups = reverse("admin:auth_group_changelist")
    assert admin_client.get(raw).status_code == 403
    assert admin_client.get(groups).status_code == 403

    client.force_login(superuser)
    page = client.get(raw)
    assert page.status_code == 200
    assert 'name="user_permissions"' in page.content.decode()
    assert client.get(groups).status_code == 200
    assert client.get(change_url(superuser)).status_code == 200


def test_an_official_with_a_staff_flag_does_not_reach_the_account_screen(client, db):
    user = UserFactory(roles=[TJANSTEPERSON])
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403
