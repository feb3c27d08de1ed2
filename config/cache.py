"""
The shared cache (Redis), made to degrade when Redis is away instead of failing pages.

Sign-in and sign-up go through allauth's rate limiter, which keeps its counts in the
cache; with Redis stopped, every such page would answer 500. Here a Redis error (or
a Redis that does not answer within its short socket timeout) is logged and treated as
an empty cache: reads miss, writes are dropped, `add` succeeds. Rate limits and the
record of authenticator codes already used are then not enforced across workers until
Redis is back, and pages are built afresh; nothing fails. After an error, Redis is
left alone for RETRY_AFTER seconds, so a Redis that hangs costs one timeout every few
seconds per worker rather than one per cache call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("askwell.cache")

RETRY_AFTER = 5.0

# What each cache call gives while Redis is away: what an empty cache would.
_FALLBACKS = {
    "add": lambda *args, **kwargs: True,
    "get": lambda key, default: default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "set_many": lambda *args, **kwargs: None,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: False,
}


def _incr_fallback(key, delta):
    # What Django's caches do for a key they do not hold.
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


_FALLBACKS["incr"] = _incr_fallback


class ResilientRedisCacheClient(RedisCacheClient):
    down_until = 0.0


def _degrading(name):
    real = getattr(RedisCacheClient, name)
    fallback = _FALLBACKS[name]

    def method(self, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return fallback(*args, **kwargs)
        try:
            return real(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self.down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "The cache is unavailable (%s); carrying on without it for %.0f s.",
                error,
                RETRY_AFTER,
            )
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _FALLBACKS:
    setattr(ResilientRedisCacheClient, _name, _degrading(_name))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to an empty cache while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
