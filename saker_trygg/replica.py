"""Reads of anonymous public pages from a read replica (DATABASE_REPLICA_URL).

A streaming replica is a moment behind the primary. Residents' pages may be: they read only
published content. Everything else stays on the primary: any request that is not a GET or
HEAD, any request with a session (officials, the admin), every read after a write in the
same request, and, through a short-lived cookie, the next requests of the browser that wrote,
so whoever publishes sees the result at once. Background work and commands never run in a
request and use the primary. The cache table of the database cache always lives on the
primary.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "primar"


@dataclass
class Routing:
    replica_allowed: bool = False
    wrote: bool = False


current = ContextVar("replica_routing", default=None)


def _state() -> Routing | None:
    return current.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state()
        if state and state.replica_allowed and not state.wrote and not _is_cache(model):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        state = _state()
        if state and not _is_cache(model):
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _is_cache(model) -> bool:
    return model._meta.app_label == "django_cache"


class ReplicaMiddleware:
    """Decides per request whether its reads may go to the replica; pins a writer's browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = Routing(
            replica_allowed=request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES
        )
        token = current.set(state)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        if state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


# The shared page cache and the replica (organisation/public_cache.py): a change bumps a
# family's version at once, but the replica replays it a moment later. A page rendered from
# the replica in that moment would be stored under the new version with the old content,
# and served from the cache long after the replica caught up. So a bump records the
# primary's WAL position in the version, and a page read from the replica is stored only
# once the replica has replayed that far.


def configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_replica() -> bool:
    """Whether this request's reads go to the replica (and so may be a moment behind)."""
    state = _state()
    return bool(state and state.replica_allowed and not state.wrote)


def primary_position() -> str:
    from django.db import connections

    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_has_replayed(positions: list[str], alias: str = REPLICA) -> bool:
    """Whether the replica has replayed every position (a server not in recovery has)."""
    if not positions:
        return True
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(pg_last_wal_replay_lsn() >= ALL(%s::pg_lsn[]), true)", [positions]
        )
        return cursor.fetchone()[0]
