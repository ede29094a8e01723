"""Id tokens the portal must refuse, made with a test key served through a local JWKS.

A small provider on 127.0.0.1 (discovery, JWKS, token endpoint) hands the portal whatever id
token a test made; the portal runs its real callback: code exchange over HTTP, signature
check against the JWKS, issuer, audience, expiry and nonce.
"""

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from axes.models import AccessAttempt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from organisation import oidc
from organisation.models import OidcRollkoppling
from organisation.roles import ADMINISTRATOR, TJANSTEPERSON

pytestmark = pytest.mark.django_db

CLIENT_ID = "portalen"
KID = "testnyckel"


class TokenProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.id_token = None
        self.token_requests = []
        self.discovery_changes = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, document):
                body = json.dumps(document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    document = {
                        "issuer": provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/auth",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks",
                    } | provider.discovery_changes
                    return self._json({k: v for k, v in document.items() if v is not None})
                if self.path == "/jwks":
                    public = jwt.algorithms.RSAAlgorithm.to_jwk(
                        provider.key.public_key(), as_dict=True
                    )
                    return self._json({"keys": [{**public, "kid": KID, "use": "sig"}]})
                self.send_error(404)

            def do_POST(self):
                length = int(self.headers["Content-Length"])
                provider.token_requests.append(parse_qs(self.rfile.read(length).decode()))
                return self._json(
                    {"access_token": "a", "token_type": "Bearer", "id_token": provider.id_token}
                )

        return Handler

    def sign(self, claims, *, key=None, algorithm="RS256", kid=KID):
        return jwt.encode(claims, key or self.key, algorithm=algorithm, headers={"kid": kid})


@pytest.fixture(scope="module")
def token_provider():
    provider = TokenProvider()
    thread = threading.Thread(target=provider.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()


@pytest.fixture
def provider(settings, token_provider):
    settings.OIDC_ISSUER = token_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "hemligt"
    oidc.forget_provider()
    token_provider.token_requests.clear()
    token_provider.discovery_changes = {}
    OidcRollkoppling.objects.create(claim_value="sst", role=Group.objects.get(name=TJANSTEPERSON))
    yield token_provider
    oidc.forget_provider()


def begin(client) -> dict:
    """Press the SSO button: the state, nonce and PKCE challenge the portal sent."""
    response = client.get(reverse("oidc:start"))
    return {
        key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()
    }


def claims_for(request, provider, **changes) -> dict:
    now = int(time.time())
    claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "person-1",
        "iat": now,
        "exp": now + 300,
        "nonce": request["nonce"],
        "name": "Per Persson",
        "groups": ["sst"],
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def callback(client, provider, token, request):
    provider.id_token = token
    return client.get(
        reverse("oidc:callback"), {"code": "en-kod", "state": request["state"]}, follow=True
    )


def assert_refused(response, caplog, reason):
    assert not response.wsgi_request.user.is_authenticated
    assert response.redirect_chain[-1][0] == reverse("organisation:login")
    assert "Inloggningen med kommunens inloggning fungerade inte" in response.content.decode()
    assert reason in caplog.text
    assert not get_user_model().objects.filter(oidc_identitet__subject="person-1").exists()


def test_a_valid_token_logs_in_and_the_code_exchange_proves_pkce(client, provider):
    request = begin(client)

    response = callback(client, provider, provider.sign(claims_for(request, provider)), request)

    assert response.wsgi_request.user.is_authenticated
    assert response.redirect_chain[-1][0] == reverse("samverkan:arbetsyta")
    (exchange,) = provider.token_requests
    verifier = exchange["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert challenge.rstrip(b"=").decode() == request["code_challenge"]
    assert exchange["redirect_uri"] == ["http://testserver/konto/sso/callback/"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://elak.example"}, "Invalid issuer"),
        ({"aud": "en-annan-tjanst"}, "Audience doesn't match"),
        ({"aud": [CLIENT_ID, "en-annan-tjanst"]}, "several audiences"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "Signature has expired"),
        ({"exp": None}, 'Token is missing the "exp" claim'),
        ({"nonce": None}, "nonce is not this login's"),
        ({"sub": None}, 'Token is missing the "sub" claim'),
    ],
    ids=[
        "fel-utfardare",
        "fel-mottagare",
        "flera-mottagare",
        "utgangen",
        "utan-exp",
        "utan-nonce",
        "utan-sub",
    ],
)
def test_a_token_with_wrong_claims_is_refused(client, provider, caplog, changes, reason):
    request = begin(client)

    response = callback(
        client, provider, provider.sign(claims_for(request, provider, **changes)), request
    )

    assert_refused(response, caplog, reason)


def test_a_token_whose_signature_was_tampered_with_is_refused(client, provider, caplog):
    request = begin(client)
    header, payload, signature = provider.sign(claims_for(request, provider)).split(".")
    flipped = ("A" if signature[10] != "A" else "B").join([signature[:10], signature[11:]])

    response = callback(client, provider, f"{header}.{payload}.{flipped}", request)

    assert_refused(response, caplog, "Signature verification failed")
    # A forged token counts as a failed login for the address (django-axes).
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1", failures_since_start=1).exists()


def test_a_token_whose_groups_were_changed_after_signing_is_refused(client, provider, caplog):
    request = begin(client)
    header, _payload, signature = provider.sign(claims_for(request, provider)).split(".")
    OidcRollkoppling.objects.create(claim_value="admin", role=Group.objects.get(name=ADMINISTRATOR))
    forged = base64.urlsafe_b64encode(
        json.dumps(claims_for(request, provider, groups=["admin"])).encode()
    ).rstrip(b"=")

    response = callback(client, provider, f"{header}.{forged.decode()}.{signature}", request)

    assert_refused(response, caplog, "Signature verification failed")


def test_a_token_signed_by_another_key_under_the_providers_key_id_is_refused(
    client, provider, caplog
):
    request = begin(client)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    response = callback(
        client, provider, provider.sign(claims_for(request, provider), key=other_key), request
    )

    assert_refused(response, caplog, "Signature verification failed")


def test_a_token_signed_with_a_shared_secret_instead_of_the_providers_key_is_refused(
    client, provider, caplog
):
    request = begin(client)
    token = provider.sign(
        claims_for(request, provider),
        key="hemligt-delat-losenord-for-hmac-32-tecken",
        algorithm="HS256",
    )

    response = callback(client, provider, token, request)

    assert_refused(response, caplog, "signed with 'HS256'")


def test_a_token_naming_a_key_the_provider_does_not_have_is_refused(client, provider, caplog):
    request = begin(client)

    response = callback(
        client, provider, provider.sign(claims_for(request, provider), kid="okand"), request
    )

    assert_refused(response, caplog, "no signing key 'okand'")


def test_a_token_replaying_the_nonce_of_an_earlier_login_is_refused(client, provider, caplog):
    earlier = begin(client)
    old_token = provider.sign(claims_for(earlier, provider))
    assert callback(client, provider, old_token, earlier).wsgi_request.user.is_authenticated
    client.logout()
    get_user_model().objects.filter(oidc_identitet__subject="person-1").delete()

    request = begin(client)
    response = callback(client, provider, old_token, request)

    assert_refused(response, caplog, "nonce is not this login's")


def test_a_callback_with_a_state_this_browser_never_sent_is_refused(client, provider, caplog):
    begin(client)
    request = {"state": "en-annan-webblasares-state"}

    response = callback(client, provider, "ingen.token.alls", request)

    assert_refused(response, caplog, "state not found")
    assert provider.token_requests == []


def test_a_token_without_the_groups_claim_logs_in_without_a_role(client, provider):
    request = begin(client)

    response = callback(
        client, provider, provider.sign(claims_for(request, provider, groups=None)), request
    )

    assert response.wsgi_request.user.is_authenticated
    assert response.redirect_chain[-1][0] == reverse("organisation:ingen_roll")
    assert "Ditt konto har ingen roll ännu" in response.content.decode()
    assert not response.wsgi_request.user.groups.exists()


@pytest.mark.parametrize(
    ("groups", "expected"),
    [("sst", {"sst"}), (["sst", 7, {"x": 1}], {"sst", "7"}), ({"sst": True}, set()), (None, set())],
)
def test_the_groups_claim_is_read_as_a_list_of_values_whatever_the_provider_sends(
    settings, groups, expected
):
    settings.OIDC_GROUPS_CLAIM = "groups"

    assert oidc.claim_values({"groups": groups}) == expected


def test_the_organisation_follows_the_first_mapped_group_and_is_left_alone_without_mappings():
    from organisation.models import OidcOrgankoppling, Organtillhorighet
    from tests.factories import OrganFactory, UserFactory

    user, kept = UserFactory(), OrganFactory()
    Organtillhorighet.objects.create(user=user, organ=kept)
    oidc.apply_claims(user, {"groups": ["a"]})
    assert Organtillhorighet.objects.get(user=user).organ == kept  # no mappings: admin's call

    first, second = OrganFactory(), OrganFactory()
    OidcOrgankoppling.objects.create(claim_value="b", organ=second)
    OidcOrgankoppling.objects.create(claim_value="a", organ=first)
    oidc.apply_claims(user, {"groups": ["b", "a"]})
    assert Organtillhorighet.objects.get(user=user).organ == first


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"issuer": "https://en-annan.example"}, "discovery names issuer"),
        ({"jwks_uri": None}, "discovery has no jwks_uri"),
        ({"padding": "x" * 300_000}, "larger than"),
    ],
    ids=["annan-utfardare", "utan-jwks", "for-stort"],
)
def test_a_discovery_document_that_is_not_the_issuers_stops_the_login_with_a_message(
    client, provider, caplog, changes, reason
):
    provider.discovery_changes = changes

    response = client.get(reverse("oidc:start"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("organisation:login")
    assert "Inloggningen med kommunens inloggning fungerade inte" in response.content.decode()
    assert reason in caplog.text


def test_a_token_endpoint_answer_that_is_no_token_is_refused(client, provider, caplog):
    request = begin(client)

    response = callback(client, provider, "ingen.token.alls", request)

    assert_refused(response, caplog, "id token unreadable")
