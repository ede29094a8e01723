"""The page cache with a read replica: a page read from a replica that is behind is not stored.

The replica's lag itself is shown with a real streaming replica by scripts/two_servers.sh;
here the replay check is answered by the test, and the SQL runs against the test database.
"""

import pytest
from django.db import connection
from django.urls import reverse

from organisation import public_cache
from saker_trygg import replica
from tests.factories import InsatsFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="WAL positions are PostgreSQL's"
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def read_from_replica():
    """The request's reads go to the replica, as ReplicaMiddleware decides for anonymous GETs."""
    token = replica.current.set(replica.Routing(replica_allowed=True))
    yield
    replica.current.reset(token)


@pytest.mark.django_db
def test_a_change_records_the_primary_wal_position_in_the_version(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)

    public_cache.bump(public_cache.INSATSER)

    (version,) = public_cache._versions([public_cache.INSATSER])
    token, position = version.split("@")
    assert len(token) == 16
    assert replica.replica_has_replayed([position], alias=replica.PRIMARY)


@pytest.mark.django_db
def test_the_replay_check_treats_a_server_that_is_not_a_replica_as_caught_up():
    assert replica.replica_has_replayed(["0/0", "FFFFFFFF/FFFFFFFF"], alias=replica.PRIMARY)
    assert replica.replica_has_replayed([], alias=replica.PRIMARY)


@pytest.mark.django_db
def test_a_page_read_from_a_replica_that_is_behind_is_served_but_not_stored(
    client, area, grupp, monkeypatch, read_from_replica
):
    InsatsFactory(
        title="Grannsamverkan Replikrad", samverkansomrade=area, grupp=grupp, published=True
    )
    caught_up = False
    monkeypatch.setattr(replica, "replica_has_replayed", lambda positions: caught_up)
    listing = reverse("samverkan:insatser")

    behind = client.get(listing)
    again = client.get(listing)

    assert behind.status_code == again.status_code == 200
    assert "Grannsamverkan Replikrad" in behind.content.decode()
    assert behind.get("X-Public-Cache") is None
    assert again.get("X-Public-Cache") is None
    caught_up = True
    assert client.get(listing)["X-Public-Cache"] == "miss"
    assert client.get(listing)["X-Public-Cache"] == "hit"
