"""
Addresses of the objects readers see, built once per process.

Every card, menu item and sidebar link asks for an address, and reverse()
walks the URL patterns each time (a list of ten posts asked twenty times).
The same name and arguments always give the same address for one URLconf
and script prefix, so each is worked out once.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


def address(viewname: str, *args) -> str:
    """reverse(viewname, args=args), remembered for this URLconf and prefix."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _address(urlconf, get_script_prefix(), viewname, args)


@functools.lru_cache(maxsize=10_000)
def _address(urlconf: str, prefix: str, viewname: str, args: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def _forget(*, setting: str, **kwargs) -> None:
    # Tests swap the URLconf; a module of the same name may hold new patterns.
    if setting == "ROOT_URLCONF":
        _address.cache_clear()


setting_changed.connect(_forget)
