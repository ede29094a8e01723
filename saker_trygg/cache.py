"""Django's RedisCache, tolerant of a Redis that is down or restarting.

The shared cache holds what can be recomputed or lost: rate-limit counters, used proof-of-work
challenges, printed PDFs. When Redis does not answer, a read is a miss and a write is
dropped, with a warning in the log, so pages keep being served; /readyz still reports the
cache as unreachable (it checks that a value written can be read back). Short socket
timeouts (REDIS_SOCKET_TIMEOUT) keep a hung Redis from holding requests. Django's own
backend has no such switch (django-redis calls it IGNORE_EXCEPTIONS).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as exc:
            logger.warning(
                "Redis does not answer (%s); %s is skipped", type(exc).__name__, method.__name__
            )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method.__name__
    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    has_key = _tolerant(RedisCache.has_key, False)
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, [])
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    clear = _tolerant(RedisCache.clear, False)
    # A counter that cannot be stored starts again from nothing: a rate limit lets the
    # request through rather than refusing every resident while Redis restarts.
    add = _tolerant(RedisCache.add, True)
    incr = _tolerant(RedisCache.incr, lambda key, delta=1, version=None: delta)
    decr = _tolerant(RedisCache.decr, lambda key, delta=1, version=None: -delta)
