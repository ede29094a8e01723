"""Single sign-on against the real local OpenID Provider (tests/oidc_provider/provider.js).

Each test signs in through the provider's own pages, the portal exchanges the code at the
provider's token endpoint and verifies the id token with the provider's JWKS.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from organisation import oidc
from organisation.models import (
    Forummedlemskap,
    OidcIdentitet,
    OidcOrgankoppling,
    OidcRollkoppling,
    Organtillhorighet,
)
from organisation.roles import ADMINISTRATOR, ANALYTIKER, TJANSTEPERSON
from tests.factories import ForummedlemskapFactory, OrganFactory, UserFactory
from tests.oidc_provider.server import configure, portal_path, walk_provider

pytestmark = pytest.mark.django_db

ANNA = {
    "name": "Anna Andersson",
    "given_name": "Anna",
    "family_name": "Andersson",
    "preferred_username": "anna.andersson",
    "email": "anna.andersson@boras.example",
    "email_verified": True,
    "groups": ["SST-Tjansteperson", "Forvaltning-Social", "Fikaklubben"],
}


@pytest.fixture
def sso(settings, oidc_provider):
    configure(settings, oidc_provider)
    oidc_provider.set_accounts({"anna": ANNA, "utan-grupper": {"name": "Utan Grupper"}})
    yield oidc_provider
    oidc.forget_provider()


@pytest.fixture
def mapping():
    social = OrganFactory(name="Sociala omsorgsförvaltningen", slug="social")
    OidcRollkoppling.objects.create(
        claim_value="SST-Tjansteperson", role=Group.objects.get(name=TJANSTEPERSON)
    )
    OidcRollkoppling.objects.create(
        claim_value="SST-Analytiker", role=Group.objects.get(name=ANALYTIKER)
    )
    OidcOrgankoppling.objects.create(claim_value="Forvaltning-Social", organ=social)
    return social


def sign_in(client, provider, login, *, next_url=None):
    """The portal's SSO button, the provider's pages, and the portal's callback."""
    start = reverse("oidc:start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    callback = walk_provider(requests.Session(), response["Location"], provider, login=login)
    return client.get(portal_path(callback))


def role_names(user):
    return set(user.groups.values_list("name", flat=True))


def test_the_authorization_request_uses_the_code_flow_with_pkce_state_and_nonce(client, sso):
    response = client.get(reverse("oidc:start"))

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}" == sso.issuer
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/konto/sso/callback/"]
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert len(query["code_challenge"][0]) == 43


def test_a_first_login_creates_an_sso_account_with_role_and_organisation_from_its_groups(
    client, sso, mapping
):
    response = sign_in(client, sso, "anna")

    assert response.status_code == 302
    assert response["Location"] == reverse("samverkan:arbetsyta")
    user = get_user_model().objects.get(oidc_identitet__subject="anna")
    assert user.username == "anna.andersson"
    assert (user.first_name, user.last_name) == ("Anna", "Andersson")
    assert user.email == "anna.andersson@boras.example"
    assert not user.has_usable_password()
    assert role_names(user) == {TJANSTEPERSON}
    assert user.organtillhorighet.organ == mapping
    assert OidcIdentitet.objects.get(user=user).issuer == sso.issuer
    assert client.get(reverse("samverkan:arbetsyta")).status_code == 200


def test_the_next_login_updates_name_and_email_and_takes_away_roles_no_group_gives(
    client, sso, mapping
):
    sign_in(client, sso, "anna")
    user = get_user_model().objects.get(oidc_identitet__subject="anna")
    membership = ForummedlemskapFactory(user=user)
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))  # given by hand in admin
    sso.set_accounts(
        {"anna": {**ANNA, "family_name": "Berg", "email": "anna.berg@boras.example", "groups": []}}
    )
    client.logout()

    response = sign_in(client, sso, "anna")

    user.refresh_from_db()
    assert (user.last_name, user.email) == ("Berg", "anna.berg@boras.example")
    assert role_names(user) == set()
    assert not user.is_staff
    assert not Organtillhorighet.objects.filter(user=user).exists()
    # The portal's own memberships are not the provider's to change.
    assert Forummedlemskap.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(oidc_identitet__subject="anna").count() == 1
    assert response["Location"] == reverse("organisation:ingen_roll")


def test_a_login_without_the_groups_claim_logs_in_and_explains_whom_to_ask(client, sso, mapping):
    response = sign_in(client, sso, "utan-grupper")

    assert response["Location"] == reverse("organisation:ingen_roll")
    page = client.get(response["Location"]).content.decode()
    assert "Ditt konto har ingen roll ännu" in page
    assert "Be portalens administratör" in page
    user = get_user_model().objects.get(oidc_identitet__subject="utan-grupper")
    assert role_names(user) == set()
    # The workspace's protected pages stay closed to an account without a role.
    assert client.get(reverse("lagesbild:create")).status_code == 403


def test_the_administrator_role_from_a_group_opens_the_admin(client, sso):
    OidcRollkoppling.objects.create(
        claim_value="SST-Admin", role=Group.objects.get(name=ADMINISTRATOR)
    )
    sso.set_accounts({"anna": {**ANNA, "groups": ["SST-Admin"]}})

    sign_in(client, sso, "anna")

    user = get_user_model().objects.get(oidc_identitet__subject="anna")
    assert user.is_staff and not user.is_superuser
    assert client.get(reverse("admin:organisation_oidcrollkoppling_changelist")).status_code == 200


def test_the_login_returns_to_the_page_asked_for_but_never_to_another_host(client, sso, mapping):
    assert sign_in(client, sso, "anna", next_url="/arbetsyta/")["Location"] == "/arbetsyta/"
    client.logout()
    response = sign_in(client, sso, "anna", next_url="https://elak.example/")
    assert response["Location"] == reverse("samverkan:arbetsyta")


def test_a_callback_used_twice_is_refused_the_second_time(client, sso, mapping):
    start = client.get(reverse("oidc:start"))
    callback = walk_provider(requests.Session(), start["Location"], sso, login="anna")
    assert client.get(portal_path(callback))["Location"] == reverse("samverkan:arbetsyta")
    client.logout()

    replay = client.get(portal_path(callback), follow=True)

    assert not replay.wsgi_request.user.is_authenticated
    assert "Inloggningen med kommunens inloggning fungerade inte" in replay.content.decode()


def test_logging_out_after_sso_ends_the_session_at_the_provider_too(client, sso, mapping):
    session = requests.Session()
    start = client.get(reverse("oidc:start"))
    client.get(portal_path(walk_provider(session, start["Location"], sso, login="anna")))
    id_token = client.session["oidc_id_token"]

    response = client.post(reverse("organisation:logout"))

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso.issuer}/session/end"
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session
    # The provider asks to confirm, then sends the browser back to the portal's start page.
    confirm = session.get(response["Location"], timeout=5)
    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', confirm.text))
    back = session.post(
        f"{sso.issuer}/session/end/confirm",
        data={**form, "logout": "yes"},
        allow_redirects=False,
        timeout=5,
    )
    assert back.headers["Location"] == "http://testserver/"


def test_logging_out_after_a_password_login_stays_in_the_portal(client, sso):
    client.force_login(UserFactory())

    response = client.post(reverse("organisation:logout"))

    assert response["Location"] == reverse("samverkan:start")


def test_an_sso_account_cannot_log_in_with_a_password_when_the_setting_closes_it(
    client, sso, mapping, settings
):
    sign_in(client, sso, "anna")
    client.logout()
    user = get_user_model().objects.get(oidc_identitet__subject="anna")
    user.set_password("ett-losenord-som-admin-satte")
    user.save()
    credentials = {"username": user.username, "password": "ett-losenord-som-admin-satte"}

    settings.OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS = False
    refused = client.post(reverse("organisation:login"), credentials)
    assert refused.status_code == 200
    assert not refused.wsgi_request.user.is_authenticated

    settings.OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS = True
    assert client.post(reverse("organisation:login"), credentials).status_code == 302


def test_a_local_administrator_keeps_the_password_login_as_break_glass(client, sso, settings):
    settings.OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS = False
    admin = UserFactory(username="nodkonto", roles=[ADMINISTRATOR])

    response = client.post(
        reverse("organisation:login"),
        {"username": admin.username, "password": "korrekt-hast-batteri"},
    )

    assert response.status_code == 302
    assert response.wsgi_request.user == admin


def test_the_login_page_offers_the_kommuns_login_only_when_it_is_configured(client, settings, sso):
    assert (
        "Logga in med kommunens konto" in client.get(reverse("organisation:login")).content.decode()
    )

    settings.OIDC_ISSUER = ""

    assert (
        "Logga in med kommunens konto"
        not in client.get(reverse("organisation:login")).content.decode()
    )
    assert client.get(reverse("oidc:start")).status_code == 404
    assert client.get(reverse("oidc:callback"), {"code": "x", "state": "y"}).status_code == 404


def test_an_unreachable_provider_is_a_clear_message_not_an_error(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "portal", "hemligt"
    settings.OIDC_TIMEOUT = 2
    oidc.forget_provider()

    response = client.get(reverse("oidc:start"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("organisation:login")
    assert "Inloggningen med kommunens inloggning fungerade inte" in response.content.decode()
