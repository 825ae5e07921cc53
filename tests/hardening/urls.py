"""Every URL pattern of the site, with addresses made of odd arguments."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Arguments a visitor or a scanner might put where a slug, id or token goes.
JUNK = [
    "0",
    "99999999999999999999999",
    "x" * 300,
    "ä-ö-%C3%A4%25",
    "..%2F..%2Fetc%2Fpasswd",
    "%FF%FE",
    "2024",
]

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


def patterns(resolver: URLResolver | None = None, prefix: list | None = None):
    """(pattern objects from the root down, URLPattern) for every route."""
    resolver = resolver or get_resolver()
    prefix = prefix or []
    for entry in resolver.url_patterns:
        chain = [*prefix, entry.pattern]
        if isinstance(entry, URLResolver):
            yield from patterns(entry, chain)
        elif isinstance(entry, URLPattern):
            yield chain, entry


def _fill(pattern, value: str) -> str:
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(value, str(pattern._route))
    if isinstance(pattern, RegexPattern):
        text = REGEX_GROUP.sub(value, pattern._regex).lstrip("^").rstrip("$")
        # What is left of a regex: optional slashes and escapes.
        return text.replace("\\", "").replace("/?", "/").replace("(.*)", value)
    return str(pattern)


def addresses(chain: list) -> set[str]:
    """The pattern's address filled with each junk argument."""
    return {"/" + "".join(_fill(pattern, value) for pattern in chain) for value in JUNK}
