"""Spam checks that need no third party: blocked terms and a rate limit."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from ..models import BlockedTerm

RATE_WINDOW = 60 * 60


def has_blocked_term(*values: str) -> bool:
    """Whether any of the editor's blocked words or domains appears."""
    haystack = "\n".join(values).casefold()
    return any(
        term.casefold() in haystack
        for term in BlockedTerm.objects.values_list("term", flat=True)
    )


def ip_allowed(ip: str | None) -> bool:
    """
    Count comments per client in a one-hour window.

    The cache key holds a keyed hash of the address, never the address,
    and nothing about it reaches the database.
    """
    if not ip:
        return True
    key = "blog:comments:ip:" + salted_hmac("blog.comments.ip", ip).hexdigest()
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW)
        count = 1
    return count <= settings.COMMENTS_PER_IP
