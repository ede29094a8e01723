# ruff: noqa: F811 - the fixtures sso and mapping are imported from the login tests
"""A first SSO login takes over the one local account with the provider's verified e-mail
address, against the real local OpenID Provider; never on an unverified or ambiguous one."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model

from organisation.models import OidcIdentitet
from organisation.roles import TJANSTEPERSON
from tests.factories import ForummedlemskapFactory, UserFactory
from tests.organisation.test_oidc_login import ANNA, mapping, role_names, sign_in, sso  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_anna(db):
    return UserFactory(username="anna-lokal", email="Anna.Andersson@boras.example")


def _accounts_with_the_address():
    return get_user_model().objects.filter(email__iexact=ANNA["email"])


def test_the_first_sso_login_links_the_local_account_with_the_verified_address(
    client, sso, mapping, local_anna
):
    membership = ForummedlemskapFactory(user=local_anna)

    response = sign_in(client, sso, "anna")

    identity = OidcIdentitet.objects.get(subject="anna")
    assert identity.user == local_anna
    assert identity.linked_by_email == "Anna.Andersson@boras.example"
    assert response.status_code == 302
    local_anna.refresh_from_db()
    assert role_names(local_anna) == {TJANSTEPERSON}
    assert local_anna.username == "anna-lokal"
    membership.refresh_from_db()
    assert membership.user == local_anna  # the portal's memberships come along
    assert _accounts_with_the_address().count() == 1


def test_the_link_is_in_the_accounts_admin_history(client, sso, mapping, local_anna):
    sign_in(client, sso, "anna")

    entry = LogEntry.objects.get(object_id=str(local_anna.pk))
    assert "verifierade e-postadressen" in entry.get_change_message()
    assert sso.issuer in entry.get_change_message()


def test_an_unverified_address_never_links_an_account(client, sso, mapping, local_anna):
    sso.set_accounts({"anna": {**ANNA, "email_verified": False}})

    sign_in(client, sso, "anna")

    assert OidcIdentitet.objects.get(subject="anna").user != local_anna
    assert not OidcIdentitet.objects.filter(user=local_anna).exists()


def test_two_active_accounts_with_the_address_link_neither(client, sso, mapping, local_anna):
    twin = UserFactory(username="anna-tva", email=ANNA["email"])

    sign_in(client, sso, "anna")

    linked = OidcIdentitet.objects.get(subject="anna").user
    assert linked not in (local_anna, twin)
    assert OidcIdentitet.objects.get(subject="anna").linked_by_email == ""


def test_a_superuser_is_never_taken_over_by_an_email_claim(client, sso, mapping):
    admin = UserFactory(username="break-glass", email=ANNA["email"], is_superuser=True)

    sign_in(client, sso, "anna")

    assert OidcIdentitet.objects.get(subject="anna").user != admin


def test_an_account_already_linked_elsewhere_is_not_linked_again(client, sso, mapping, local_anna):
    OidcIdentitet.objects.create(user=local_anna, issuer="https://annan.example", subject="x")

    sign_in(client, sso, "anna")

    assert OidcIdentitet.objects.get(subject="anna").user != local_anna


def test_an_inactive_account_is_not_linked(client, sso, mapping, local_anna):
    local_anna.is_active = False
    local_anna.save()

    sign_in(client, sso, "anna")

    assert OidcIdentitet.objects.get(subject="anna").user != local_anna
