"""The client's address, for login throttling."""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind our proxy the address it appended to X-Forwarded-For.

    Entries to the left of the ones our proxies appended are whatever the client sent, so they
    are never trusted: counting from the right cannot be forged. An unparsable value falls back
    to REMOTE_ADDR, as axes stores the address in an IP column.
    """
    remote = (
        _valid(request.META.get("REMOTE_ADDR", "")) if request.META.get("REMOTE_ADDR") else None
    )
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    count = max(getattr(settings, "PROXY_COUNT", 1), 1)
    if len(forwarded) >= count:
        return _valid(forwarded[-count]) or remote
    return remote


# Django's user names are at most 150 characters; axes stores what was typed in a
# 255-character column, so a longer attempt would be a database error instead of a refusal.
MAX_USERNAME_LENGTH = 150


def login_username(request, credentials=None) -> str | None:
    """The user name a login attempt is counted under, cut to a length a user name can have."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username") if source else None
    if username is None:
        return None
    return str(username)[:MAX_USERNAME_LENGTH]
