"""The access layer's rules for signing in (organisation/rules.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisation.models import OidcIdentitet
from organisation.roles import ANALYTIKER
from organisation.rules import has_a_role, is_sso_account, may_log_in_with_password
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_is_one_of_the_portals_roles_or_being_a_superuser():
    assert has_a_role.test(UserFactory(roles=[ANALYTIKER]))
    assert has_a_role.test(UserFactory(is_superuser=True))
    assert not has_a_role.test(UserFactory(roles=["Fikaklubben"]))
    assert not has_a_role.test(UserFactory())
    assert not has_a_role.test(AnonymousUser())


def test_an_account_is_an_sso_account_when_it_has_an_identity_at_the_provider():
    local, linked = UserFactory(), UserFactory()
    OidcIdentitet.objects.create(user=linked, issuer="https://idp.example", subject="s1")

    assert is_sso_account.test(linked)
    assert not is_sso_account.test(local)


@pytest.mark.parametrize(
    ("setting", "sso", "allowed"),
    [(True, True, True), (True, False, True), (False, False, True), (False, True, False)],
)
def test_password_login_is_closed_only_to_sso_accounts_and_only_by_the_setting(
    settings, setting, sso, allowed
):
    settings.OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS = setting
    user = UserFactory()
    if sso:
        OidcIdentitet.objects.create(user=user, issuer="https://idp.example", subject="s2")

    assert may_log_in_with_password.test(user) is allowed
