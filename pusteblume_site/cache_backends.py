from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

_MISSING = object()
LOCAL_SECONDS = 60


class VersionedRedisCache(RedisCache):
    """
    Redis, with a short-lived copy of each value in the process's memory.

    Only for keys that contain the content version (pages and template
    fragments): a value under such a key never changes, so a local copy
    cannot go stale, and a page needs no round trip to Redis for it.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(
            f"versioned-{id(self)}",
            {"TIMEOUT": LOCAL_SECONDS, "OPTIONS": {"MAX_ENTRIES": 2000}},
        )

    def get(self, key, default=None, version=None):
        value = self._local.get(key, _MISSING, version)
        if value is _MISSING:
            value = super().get(key, _MISSING, version)
            if value is _MISSING:
                return default
            self._local.set(key, value, LOCAL_SECONDS, version)
        return value

    def set(self, key, value, timeout=None, version=None):
        super().set(key, value, timeout, version)
        self._local.set(key, value, LOCAL_SECONDS, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)
        return super().delete(key, version)

    def clear(self):
        self._local.clear()
        return super().clear()
