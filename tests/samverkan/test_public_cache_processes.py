"""The public page cache across processes: what one process changes, another stops serving.

Two processes share one real redis-server (started by the fixture) and one database: this
test process writes, as server A would, and a long-lived second interpreter answers the
anonymous requests, as server B would. The rows are committed (marked transactional), since
the second process sees committed data only.
"""

import html

import pytest

from samverkan.services import publish_insats, unpublish_insats
from tests.factories import InsatsFactory
from tests.ops.redis_server import redis_server  # noqa: F401
from tests.ops.serving import ServerProcess, database_url_of_this_test

PREFIX = "korsprocess"


@pytest.fixture
def shared_redis(settings, redis_server):  # noqa: F811
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "saker_trygg.cache.TolerantRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": PREFIX,
        },
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    return redis_server.url


@pytest.fixture
def server_b(shared_redis):
    server = ServerProcess(
        DATABASE_URL=database_url_of_this_test(),
        REDIS_URL=shared_redis,
        DJANGO_CACHE_PREFIX=PREFIX,
        DJANGO_PUBLIC_CACHE_SECONDS="600",
    )
    try:
        yield server
    finally:
        server.stop()


def shows(answer: dict, title: str) -> bool:
    return html.escape(title) in answer["body"]


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True)
def test_a_page_cached_in_one_process_is_renewed_at_once_by_a_change_in_another(
    server_b, area, grupp, coordinator
):
    insats = InsatsFactory(
        title="Trygghetsvandring Kontrollrad", samverkansomrade=area, grupp=grupp, published=True
    )
    draft = InsatsFactory(title="Nattvandring Nyrad", samverkansomrade=area, grupp=grupp)
    page, listing = insats.get_absolute_url(), "/insatser/"

    first = server_b.get(listing)
    assert (first["status"], first["cache"]) == (200, "miss")
    cached = server_b.get(listing)
    assert (cached["cache"], shows(cached, "Trygghetsvandring Kontrollrad")) == ("hit", True)
    assert server_b.get(page)["cache"] == "miss"
    assert server_b.get(page)["cache"] == "hit"

    publish_insats(insats=draft, user=coordinator)
    after_publish = server_b.get(listing)
    assert (after_publish["cache"], shows(after_publish, "Nattvandring Nyrad")) == ("miss", True)

    insats.refresh_from_db()
    insats.title = "Trygghetsvandring Omdöpt"
    insats.save()
    after_edit = server_b.get(page)
    assert after_edit["cache"] == "miss"
    assert shows(after_edit, "Trygghetsvandring Omdöpt")
    assert not shows(after_edit, "Trygghetsvandring Kontrollrad")

    unpublish_insats(insats=insats, user=coordinator)
    assert server_b.get(page)["status"] == 404
    after_unpublish = server_b.get(listing)
    assert after_unpublish["cache"] == "miss"
    assert not shows(after_unpublish, "Trygghetsvandring Omdöpt")
    assert shows(after_unpublish, "Nattvandring Nyrad")
