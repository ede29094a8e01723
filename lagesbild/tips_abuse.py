"""Abuse protection of the public tips form, with no third party involved.

Three layers, all through the shared cache (``CACHES["default"]``):

- a rate limit per client address (django-ratelimit's counter; its cache keys are SHA-256
  hashes of the address and the time window, and they expire with the window);
- a proof of work (ALTCHA): the widget solves a challenge this server signed; a solved
  challenge is refused a second time until it expires (replay);
- for browsers without JavaScript, where no proof of work can be made: a honeypot field
  that people never see and a signed timestamp proving the form was open for a few seconds.

Nothing of this is stored with a tip.
"""

import hashlib
import time

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django_ratelimit.core import get_usage

from saker_trygg.client_ip import client_ip

ALGORITHM = "PBKDF2/SHA-256"
RATE_GROUP = "lagesbild.tips"
_FORM_SALT = "lagesbild.tips.form-opened"
_USED_PREFIX = "tips-altcha-used:"


def _secret() -> str:
    # A key of its own derived from SECRET_KEY: a signature made for the challenge cannot
    # be passed off as any other of the portal's signatures.
    return hashlib.sha256(f"altcha:{settings.SECRET_KEY}".encode()).hexdigest()


def _address(group, request) -> str:
    return client_ip(request) or "unknown"


def over_rate_limit(request) -> bool:
    """Count this submission and say whether the address has sent too many."""
    usage = get_usage(
        request, group=RATE_GROUP, key=_address, rate=settings.TIPS_RATE, increment=True
    )
    return bool(usage and usage["should_limit"])


def new_challenge() -> dict:
    challenge = altcha.create_challenge(
        ALGORITHM,
        settings.TIPS_CHALLENGE_COST,
        expires_at=int(time.time()) + settings.TIPS_CHALLENGE_SECONDS,
        hmac_secret=_secret(),
    )
    return challenge.to_dict()


def proof_of_work_ok(payload: str) -> bool:
    """A challenge this server signed, solved, not expired and not used before."""
    if not payload or len(payload) > 4000:
        return False
    try:
        result = altcha.verify_solution(payload, _secret())
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not result.verified:
        return False
    parsed = altcha.Payload.from_base64(payload)
    signature = parsed.challenge.signature or ""
    expires_at = parsed.challenge.parameters.expires_at or time.time()
    timeout = max(1, int(expires_at - time.time()) + 1)
    # add() writes only when the key is missing: the first submission with this solved
    # challenge gets True, a replay False.
    key = _USED_PREFIX + hashlib.sha256(signature.encode()).hexdigest()
    return cache.add(key, 1, timeout)


def form_opened_token() -> str:
    return signing.dumps(int(time.time()), salt=_FORM_SALT)


def filled_by_a_person(token: str, honeypot: str) -> bool:
    """The no-JavaScript check: the hidden field is empty and the form was open long enough."""
    if honeypot:
        return False
    try:
        opened = signing.loads(token, salt=_FORM_SALT, max_age=settings.TIPS_FORM_MAX_AGE_SECONDS)
    except (signing.BadSignature, TypeError):
        return False
    return isinstance(opened, int) and time.time() - opened >= settings.TIPS_MIN_FILL_SECONDS
