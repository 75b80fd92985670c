"""A Redis cache that never takes the site down with it.

When Redis is unreachable every operation logs the error and behaves as a
miss, so readers are served uncached pages instead of errors.
"""

import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

_MISS_AS = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "incr": None,
    "decr": None,
}


class ResilientRedisCache(RedisCache):
    def _guard(self, name, *args, **kwargs):
        try:
            return getattr(super(), name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any Redis failure degrades to a miss
            logger.warning("Cache %s failed, serving uncached: %s", name, error)
            fallback = _MISS_AS.get(name)
            if name in ("incr", "decr"):
                raise
            return fallback(args, kwargs) if fallback else None

    def get(self, *args, **kwargs):
        return self._guard("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._guard("get_many", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._guard("set", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._guard("set_many", *args, **kwargs) or []

    def add(self, *args, **kwargs):
        return self._guard("add", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guard("delete", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guard("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guard("has_key", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guard("touch", *args, **kwargs)

    def clear(self):
        return self._guard("clear")
