"""Single sign-on through the kommun's OpenID Provider (mozilla-django-oidc).

mozilla-django-oidc runs the authorization code flow: state, nonce and PKCE are made by its
request view and checked by its callback view, and its backend exchanges the code. Three
things it leaves to the site are done here:

- discovery: every endpoint comes from ``{OIDC_ISSUER}/.well-known/openid-configuration``,
  fetched when someone signs in (never at start-up, never for a password login);
- the id token is verified in full with PyJWT against the provider's JWKS: signature (RS256
  only), issuer, audience, expiry and issue time, and the nonce of this login;
- what the claims mean: accounts are found by issuer and subject (``OidcIdentitet``), never
  by e-mail, and roles and organisation follow the mappings administrators keep in admin.

Nothing here runs unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set.
"""

import json
import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from organisation import roles
from organisation.rules import has_a_role, may_log_in_with_password

logger = logging.getLogger(__name__)

# The only signature algorithm accepted: what Entra ID and Keycloak sign id tokens with. A
# token that names another (HS256 with the public key as secret, or "none") is refused.
ALGORITHMS = ["RS256"]
# Seconds of clock difference tolerated between the provider and us for exp and iat.
LEEWAY = 60
# Discovery and JWKS are small JSON documents; a larger answer is not one.
MAX_DOCUMENT_BYTES = 256 * 1024
DISCOVERY_MAX_AGE = 3600
# At most this many values of the groups claim are looked at (Entra ID sends at most 200).
MAX_CLAIM_VALUES = 500
FIELD_LENGTH = 150


class ProviderUnavailable(Exception):
    """Discovery or JWKS could not be fetched or made no sense."""


def enabled() -> bool:
    return bool(
        settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


def _fetch_json(url: str) -> dict:
    try:
        with requests.get(
            url, timeout=settings.OIDC_TIMEOUT, stream=True, headers={"Accept": "application/json"}
        ) as response:
            response.raise_for_status()
            body = response.raw.read(MAX_DOCUMENT_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc
    if len(body) > MAX_DOCUMENT_BYTES:
        raise ProviderUnavailable(f"{url}: larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise ProviderUnavailable(f"{url}: not JSON") from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url}: not a JSON object")
    return document


# issuer → (fetched at, document); per process, refreshed after DISCOVERY_MAX_AGE.
_discovery_cache: dict[str, tuple[float, dict]] = {}
# jwks_uri → the key set; fetched again when a token names a key it does not hold (rotation).
_jwks_cache: dict[str, jwt.PyJWKSet] = {}


def forget_provider() -> None:
    """Drop what was fetched from the provider (tests, or after changing its settings)."""
    _discovery_cache.clear()
    _jwks_cache.clear()


def discovery() -> dict:
    """The provider's configuration, checked to belong to the configured issuer."""
    issuer = settings.OIDC_ISSUER
    cached = _discovery_cache.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_MAX_AGE:
        return cached[1]
    document = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    # OpenID Connect Discovery 4.3: the document's issuer is the one we asked.
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"discovery names issuer {document.get('issuer')!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str):
            raise ProviderUnavailable(f"discovery has no {key}")
    _discovery_cache[issuer] = (time.monotonic(), document)
    return document


def _signing_key(jwks_uri: str, kid: str | None) -> jwt.PyJWK:
    for attempt in range(2):
        if attempt or jwks_uri not in _jwks_cache:
            try:
                _jwks_cache[jwks_uri] = jwt.PyJWKSet.from_dict(_fetch_json(jwks_uri))
            except jwt.PyJWKSetError as exc:
                raise ProviderUnavailable(f"{jwks_uri}: {exc}") from exc
        candidates = [
            key
            for key in _jwks_cache[jwks_uri].keys
            if key.key_type == "RSA"
            and key.public_key_use in (None, "sig")
            and (kid is None or key.key_id == kid)
        ]
        if len(candidates) == 1 or (candidates and kid is not None):
            return candidates[0]
    raise SuspiciousOperation(f"no signing key {kid!r} in the provider's JWKS")


def verify_id_token(token: str, *, nonce: str | None) -> dict:
    """The id token's claims, or SuspiciousOperation saying what was wrong with it."""
    config = discovery()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise SuspiciousOperation(f"id token unreadable: {exc}") from exc
    if header.get("alg") not in ALGORITHMS:
        raise SuspiciousOperation(f"id token signed with {header.get('alg')!r}")
    key = _signing_key(config["jwks_uri"], header.get("kid"))
    client_id = settings.OIDC_RP_CLIENT_ID
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=client_id,
            issuer=config["issuer"],
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.InvalidTokenError as exc:
        raise SuspiciousOperation(f"id token refused: {exc}") from exc
    # OpenID Connect Core 3.1.3.7: with several audiences, we must be the authorized party.
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise SuspiciousOperation("id token has several audiences and another azp")
    if not nonce or not constant_time_compare(str(claims.get("nonce", "")), nonce):
        raise SuspiciousOperation("id token nonce is not this login's")
    if not isinstance(claims["sub"], str) or not 0 < len(claims["sub"]) <= 255:
        raise SuspiciousOperation("id token subject is not a string of 1–255 characters")
    return claims


# --- What the claims mean -------------------------------------------------------------


def claim_values(claims: dict) -> set[str]:
    """The values of the groups claim; a missing or malformed claim is no group."""
    value = claims.get(settings.OIDC_GROUPS_CLAIM)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return set()
    return {str(item) for item in value[:MAX_CLAIM_VALUES] if isinstance(item, str | int)}


def _text(claims: dict, name: str, length: int = FIELD_LENGTH) -> str:
    value = claims.get(name)
    return value.strip()[:length] if isinstance(value, str) else ""


@transaction.atomic
def apply_claims(user, claims: dict) -> None:
    """Name, e-mail, roles and organisation from a verified login's claims.

    Roles follow the groups claim exactly: a role no mapped group gives is taken away.
    The organisation follows it where administrators map groups to organisations at all.
    Forum, group and area memberships are the portal's own and are not touched.
    """
    from organisation.models import OidcOrgankoppling, OidcRollkoppling, Organtillhorighet

    user.first_name = _text(claims, "given_name") or _text(claims, "name")
    user.last_name = _text(claims, "family_name")
    user.email = _text(claims, "email", 254)

    values = claim_values(claims)
    mapped = set(
        OidcRollkoppling.objects.filter(claim_value__in=values).values_list("role__name", flat=True)
    )
    role_groups = Group.objects.filter(name__in=list(roles.ROLES))
    user.groups.remove(*role_groups.exclude(name__in=mapped))
    user.groups.add(*role_groups.filter(name__in=mapped))
    # Django's admin lets in staff only; the Administratör role is what makes one here.
    user.is_staff = user.is_superuser or roles.ADMINISTRATOR in mapped
    user.save()

    organ = (
        OidcOrgankoppling.objects.filter(claim_value__in=values)
        .order_by("claim_value")
        .values_list("organ_id", flat=True)
        .first()
    )
    if organ is not None:
        Organtillhorighet.objects.update_or_create(user=user, defaults={"organ_id": organ})
    elif OidcOrgankoppling.objects.exists():
        Organtillhorighet.objects.filter(user=user).delete()
    roles.forget(user)
    logger.info("Inloggning via OpenID Connect: %s har rollerna %s", user, sorted(mapped) or "inga")


def _free_username(claims: dict) -> str:
    from django.contrib.auth import get_user_model

    base = (
        _text(claims, "preferred_username") or _text(claims, "email") or f"sso-{claims['sub']}"
    )[: FIELD_LENGTH - 4]
    username, number = base, 1
    users = get_user_model().objects
    while users.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


def linkable_account(claims: dict):
    """The local account a first SSO login takes over, or None for a new account.

    Only when the provider says the e-mail address is verified (``email_verified`` is
    true), and exactly one active account has that address (letter case aside) and no SSO
    identity yet. Superusers are never taken over: their password is the break-glass way in,
    and an e-mail claim is not enough to hand it to anyone.
    """
    email = _text(claims, "email", 254)
    if not email or claims.get("email_verified") is not True:
        return None
    candidates = list(
        auth.get_user_model()
        .objects.filter(email__iexact=email, is_active=True)
        .select_related("oidc_identitet")[:2]
    )
    if len(candidates) != 1:
        return None
    (account,) = candidates
    if account.is_superuser or hasattr(account, "oidc_identitet"):
        return None
    return account


def _audit_link(user, claims: dict) -> None:
    """The account's history in admin says when and by which address it was linked."""
    from django.contrib.admin.models import CHANGE, LogEntry

    message = _(
        "Linked to the kommun's login (%(issuer)s) on the first SSO login, through the "
        "verified e-mail address %(email)s."
    ) % {"issuer": claims["iss"], "email": user.email}
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
    logger.info("Inloggning via OpenID Connect kopplad till befintligt konto %s", user)


# --- Backends -------------------------------------------------------------------------


class PasswordBackend(ModelBackend):
    """Django's password login, closed to SSO accounts when the setting says so."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and may_log_in_with_password.test(user)


class OidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads the provider's endpoints here; ours come from discovery when
        # someone signs in, so building the backend for a password login costs nothing.
        self.UserModel = auth.get_user_model()
        self.OIDC_RP_SIGN_ALGO = ALGORITHMS[0]
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password login never reaches the provider.
        if not enabled() or request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            config = discovery()
            self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
            self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
            self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, ProviderUnavailable, requests.RequestException) as exc:
            logger.warning("Inloggning via OpenID Connect nekades: %s", exc)
            return None

    def verify_token(self, token, **kwargs):
        return verify_id_token(token, nonce=kwargs.get("nonce"))

    def get_userinfo(self, access_token, id_token, payload):
        # The claims are the id token's: Entra ID puts the groups claim only there, Keycloak
        # there too when its mapper says "Add to ID token". One round trip fewer.
        return payload

    def verify_claims(self, claims):
        return True  # verify_id_token required iss, aud, exp, iat, sub and the nonce

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            oidc_identitet__issuer=claims["iss"], oidc_identitet__subject=claims["sub"]
        )

    @transaction.atomic
    def get_or_create_user(self, access_token, id_token, payload):
        return super().get_or_create_user(access_token, id_token, payload)

    def create_user(self, claims):
        from organisation.models import OidcIdentitet

        existing = linkable_account(claims)
        if existing is not None:
            OidcIdentitet.objects.create(
                user=existing,
                issuer=claims["iss"],
                subject=claims["sub"],
                linked_by_email=existing.email,
            )
            _audit_link(existing, claims)
            apply_claims(existing, claims)
            return existing
        user = self.UserModel(username=_free_username(claims))
        # The kommun's login is the way in; the accounts list shows such accounts as SSO.
        user.set_unusable_password()
        user.save()
        OidcIdentitet.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
        apply_claims(user, claims)
        return user

    def update_user(self, user, claims):
        apply_claims(user, claims)
        return user

    def get_user(self, user_id):
        # As Django's: a deactivated account's session ends at its next request.
        return ModelBackend.get_user(self, user_id)


# --- Views ----------------------------------------------------------------------------


def _refuse(request):
    messages.error(
        request,
        _(
            "Logging in through the kommun's login service did not work. Try again; if it "
            "keeps failing, contact the portal's administrator."
        ),
    )
    return redirect("organisation:login")


class _Start(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library would read endpoints from settings

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            config = discovery()
        except ProviderUnavailable as exc:
            logger.warning("OpenID Provider svarar inte: %s", exc)
            return _refuse(request)
        self.OIDC_OP_AUTH_ENDPOINT = config["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class _Callback(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # a state this browser did not start (a replay)
            logger.warning("Inloggning via OpenID Connect nekades: %s", exc)
            return self.login_failure()

    def login_failure(self):
        return _refuse(self.request)

    @property
    def success_url(self):
        if not has_a_role.test(self.user):
            return reverse("organisation:ingen_roll")
        return super().success_url


start = login_not_required(never_cache(require_safe(_Start.as_view())))
callback = login_not_required(never_cache(require_safe(_Callback.as_view())))


@require_POST
def logout(request):
    """Out of the portal and, after an SSO login, out of the provider too (RP-initiated)."""
    target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if id_token and enabled():
        try:
            end_session = discovery().get("end_session_endpoint")
        except ProviderUnavailable as exc:
            logger.warning("OpenID Provider svarar inte vid utloggning: %s", exc)
            end_session = None
        if isinstance(end_session, str):
            query = {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": request.build_absolute_uri("/"),
                "client_id": settings.OIDC_RP_CLIENT_ID,
            }
            target = f"{end_session}?{urlencode(query)}"
    auth.logout(request)
    return redirect(target)
