"""
The site with some of its caching layers switched off, for bench.layers.

    BENCH_LAYERS_OFF=fragments,values gunicorn bench.layers_wsgi

A layer is switched off by making every read of its keys a miss and every
write a no-op (and, for the per-process copy, by going to Redis every
time), so the code that fills it runs on every request, as it would
without the layer.
"""

import os

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from pusteblume_site.cache_backends import VersionedRedisCache
from pusteblume_site.page_cache import VERSION_KEY
from pusteblume_site.wsgi import application

# Each layer's keys, as docs/caching.md lists them.
LAYER_KEYS = {
    "pages": lambda key: key.startswith("page-cache:") and key != VERSION_KEY,
    "fragments": lambda key: key.startswith("template.cache."),
    "values": lambda key: key.startswith(
        (
            "site-settings:",
            "site-links:",
            "pages:site-pages:",
            "newsletter:box:",
            "newsletter:consent:",
            "blog:categories:",
            "blog:popular:",
        )
    ),
    "post-extras": lambda key: key.startswith("blog:post-extras:"),
}
LAYERS = (*LAYER_KEYS, "local-copy")


def switch_off(layers: set[str]) -> None:
    unknown = layers - set(LAYERS)
    if unknown:
        raise SystemExit(f"unknown layers: {', '.join(sorted(unknown))}")
    missed = [LAYER_KEYS[layer] for layer in layers if layer in LAYER_KEYS]
    if missed:
        for backend in (LocMemCache, RedisCache):
            backend.get = _missing(backend.get, missed)
            backend.set = _unstored(backend.set, missed)
            backend.add = _unstored(backend.add, missed)
    if "local-copy" in layers:
        VersionedRedisCache.get = RedisCache.get
        VersionedRedisCache.set = RedisCache.set


def _missing(get, missed):
    def get_or_miss(self, key, default=None, version=None):
        if any(is_missed(key) for is_missed in missed):
            return default
        return get(self, key, default, version)

    return get_or_miss


def _unstored(store, missed):
    def store_unless_missed(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if any(is_missed(key) for is_missed in missed):
            return True
        return store(self, key, value, timeout, version)

    return store_unless_missed


switch_off({name for name in os.environ.get("BENCH_LAYERS_OFF", "").split(",") if name})

__all__ = ["application"]
