"""Links inside imported texts that point to the old site, made new."""

import re
from urllib.parse import parse_qs, urlsplit

from .media import UPLOADS, split_variant
from .redirects import QUERY_KEYS, nearest_rendition, normalise

# A Markdown link or image target, or an href/src in raw HTML.
_LINK = re.compile(r"""(?P<lead>\]\(|href="|src=")(?P<url>[^)"\s]+)""")


def new_address(url: str, *, hosts: set[str], table: dict) -> str | None:
    """The new address of a link to the old site, or None to leave it."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc and parts.netloc.lower() not in hosts:
        return None
    if not parts.netloc and not parts.path.startswith("/"):
        return None
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    key = next(
        (f"{normalise(parts.path)}?{k}={query[k]}" for k in QUERY_KEYS if k in query),
        normalise(parts.path),
    )
    entry, width = table.get(key), None
    if entry is None and UPLOADS in key:
        original, width = split_variant(key)
        entry = table.get(original)
    if entry is None:
        return None
    target, target_url, renditions = entry
    if renditions:
        new = nearest_rendition(renditions, width)
    else:
        new = target.get_absolute_url() if target is not None else target_url
    if not new:
        return None
    return new + (f"#{parts.fragment}" if parts.fragment else "")


def rewrite_links(text: str, *, hosts: set[str], table: dict) -> str:
    def replace(match: re.Match) -> str:
        new = new_address(match["url"], hosts=hosts, table=table)
        return match["lead"] + new if new else match.group()

    return _LINK.sub(replace, text)
