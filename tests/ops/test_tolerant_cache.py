"""With Redis down the cache misses instead of failing, and works again when Redis is back."""

from saker_trygg.cache import TolerantRedisCache
from tests.ops.redis_server import redis_server  # noqa: F401


def cache_at(url):
    return TolerantRedisCache(
        url, {"OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}}
    )


def test_a_stopped_redis_gives_misses_not_errors_and_the_cache_recovers(redis_server):  # noqa: F811
    cache = cache_at(redis_server.url)
    cache.set("sida", "innehåll", 60)
    assert cache.get("sida") == "innehåll"

    redis_server.stop()
    assert cache.get("sida") is None
    assert cache.get("sida", "standard") == "standard"
    cache.set("sida", "nytt", 60)
    assert cache.get_many(["sida"]) == {}
    assert cache.add("räknare", 1, 60) is True
    assert cache.incr("räknare") == 1

    redis_server.start()
    cache.set("sida", "efter omstart", 60)
    assert cache.get("sida") == "efter omstart"
    assert cache.add("räknare", 1, 60) is True
    assert cache.incr("räknare") == 2
