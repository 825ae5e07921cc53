"""
Where an address of the old WordPress site leads now, for the middleware
and for the links inside imported texts.
"""

import re
from urllib.parse import unquote

from django.core.files.storage import default_storage

from .media import UPLOADS, split_variant

# The query forms WordPress answers on its home page.
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author")
_SLASHES = re.compile(r"/{2,}")
MAX_PATH_LENGTH = 500


def normalise(path: str) -> str:
    """An old path as stored: decoded, one slash each, a slash at the end."""
    path = _SLASHES.sub("/", "/" + unquote(path).lstrip("/"))
    if UPLOADS not in path and not path.endswith("/"):
        path += "/"
    return path


def query_key(path: str, query) -> str | None:
    """'/?p=12' for a WordPress query address such as /?p=12&preview=true."""
    for key in QUERY_KEYS:
        value = query.get(key)
        if value:
            return f"{normalise(path)}?{key}={value}"
    return None


def nearest_rendition(renditions: dict, width: int | None) -> str:
    """The URL of the JPEG/PNG/GIF rendition nearest to `width` (or largest)."""
    items = [r for r in renditions.get("renditions", []) if r["format"] != "webp"]
    if not items:
        return ""
    items.sort(key=lambda r: r["width"])
    chosen = items[-1]
    if width:
        chosen = min(items, key=lambda r: (abs(r["width"] - width), -r["width"]))
    return default_storage.url(chosen["name"])


def resolve(redirect, *, width: int | None = None) -> str | None:
    """The address a LegacyRedirect leads to, if its target is public."""
    if redirect.renditions:
        return nearest_rendition(redirect.renditions, width) or None
    if redirect.object_id is not None:
        target = redirect.target
        if target is None or not _is_public(target):
            return None
        return target.get_absolute_url()
    return redirect.target_url or None


def _is_public(target) -> bool:
    if hasattr(target, "is_live"):
        return target.is_live
    if hasattr(target, "is_published"):
        return target.is_published
    return True


def find(path: str, query=None) -> str | None:
    """Where an old address leads now, or None when the site never had it."""
    from blog.models import LegacyRedirect

    if query and (key := query_key(path, query)):
        candidates = [key]
    else:
        candidates = [normalise(path)]
    # PostgreSQL refuses NUL characters in a query; no old address has one.
    if "\x00" in candidates[0] or len(candidates[0]) > MAX_PATH_LENGTH:
        return None
    redirect = LegacyRedirect.objects.filter(old_path__in=candidates).first()
    if redirect is not None:
        return resolve(redirect)
    if UPLOADS in candidates[0]:
        original, width = split_variant(candidates[0])
        if original != candidates[0]:
            redirect = LegacyRedirect.objects.filter(old_path=original).first()
            if redirect is not None:
                return resolve(redirect, width=width)
    return None
