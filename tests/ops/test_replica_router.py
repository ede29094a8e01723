"""Which database a request reads: the replica only for anonymous public GETs that wrote nothing."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from saker_trygg.replica import PIN_COOKIE, PRIMARY, REPLICA, ReplicaMiddleware, ReplicaRouter
from samverkan.models import Insats

router = ReplicaRouter()


class CacheEntry:
    """What Django's database cache asks the router about."""

    class _meta:  # noqa: N801 - the name Django's router reads
        app_label = "django_cache"


def serve(request, view):
    """Run view through the middleware; return (what it saw, the response)."""
    seen = {}

    def get_response(req):
        view(seen)
        return HttpResponse("ok")

    response = ReplicaMiddleware(get_response)(request)
    return seen, response


def reads(seen):
    seen["read"] = router.db_for_read(Insats)


def writes_then_reads(seen):
    seen["before"] = router.db_for_read(Insats)
    seen["write"] = router.db_for_write(Insats)
    seen["after"] = router.db_for_read(Insats)


@pytest.fixture
def rf():
    return RequestFactory()


def test_an_anonymous_public_get_reads_the_replica(rf):
    seen, response = serve(rf.get("/insatser/"), reads)

    assert seen["read"] == REPLICA
    assert PIN_COOKIE not in response.cookies


def test_a_head_request_reads_the_replica_too(rf):
    seen, _ = serve(rf.head("/insatser/"), reads)

    assert seen["read"] == REPLICA


def test_a_post_reads_the_primary(rf):
    seen, _ = serve(rf.post("/tipsa/"), reads)

    assert seen["read"] == PRIMARY


def test_a_request_with_a_session_reads_the_primary(rf, settings):
    request = rf.get("/insatser/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"

    seen, _ = serve(request, reads)

    assert seen["read"] == PRIMARY


def test_after_a_write_the_rest_of_the_request_reads_the_primary_and_the_browser_is_pinned(
    rf, settings
):
    settings.REPLICA_PIN_SECONDS = 30

    seen, response = serve(rf.get("/insatser/"), writes_then_reads)

    assert seen == {"before": REPLICA, "write": PRIMARY, "after": PRIMARY}
    assert response.cookies[PIN_COOKIE]["max-age"] == 30
    assert response.cookies[PIN_COOKIE]["httponly"]


def test_the_next_request_of_a_browser_that_wrote_reads_the_primary(rf):
    request = rf.get("/insatser/")
    request.COOKIES[PIN_COOKIE] = "1"

    seen, _ = serve(request, reads)

    assert seen["read"] == PRIMARY


def test_the_database_cache_is_always_on_the_primary_and_its_writes_pin_nobody(rf):
    def cache_only(seen):
        seen["read"] = router.db_for_read(CacheEntry)
        seen["write"] = router.db_for_write(CacheEntry)
        seen["page"] = router.db_for_read(Insats)

    seen, response = serve(rf.get("/tipsa/"), cache_only)

    assert seen == {"read": PRIMARY, "write": PRIMARY, "page": REPLICA}
    assert PIN_COOKIE not in response.cookies


def test_outside_a_request_the_worker_and_commands_use_the_primary():
    assert router.db_for_read(Insats) == PRIMARY
    assert router.db_for_read(Session) == PRIMARY


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(PRIMARY, "samverkan")
    assert not router.allow_migrate(REPLICA, "samverkan")
