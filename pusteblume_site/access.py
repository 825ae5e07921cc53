"""
Who may read a text in full, and what anyone may see of it.

A post or page may be "für Mitglieder": it has `members_only` set and the
products that open it in `member_products`. Readers without access see the
teaser only: the excerpt, or the part of the text above a line `[mehr]`.
The apps that show texts ask this module, never the members' area itself;
the members app registers the rule (`register`) when it is ready. Without
one every reader may read everything.

`public_text()` is the one answer to "what may a page say about this object
to anybody": meta descriptions, OpenGraph, JSON-LD, feeds, search snippets.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .apps import site_apps

# The Markdown line "[mehr]" renders as its own paragraph.
MORE_MARKER = re.compile(r"<p>\s*\[mehr\]\s*</p>\n?", re.IGNORECASE)

Rule = Callable[[HttpRequest, Model], bool]
_rule: Rule | None = None


def register(rule: Rule) -> None:
    """Set the rule that decides whether a request may read a protected text."""
    global _rule
    _rule = rule


def is_protected(obj: Model) -> bool:
    return bool(getattr(obj, "members_only", False))


def may_read(request: HttpRequest, obj: Model) -> bool:
    """Whether this request may read `obj` in full."""
    if not is_protected(obj) or _rule is None:
        return True
    return _rule(request, obj)


def offers_preview_switch(request: HttpRequest) -> bool:
    """
    Whether the page offers an editor both views of a protected text. Only
    a request with a session cookie is looked at, so readers' pages never
    touch the session (nor vary on the cookie).
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


def teaser_html(html: str) -> SafeString:
    """The part of rendered HTML above the `[mehr]` line; empty without one."""
    parts = MORE_MARKER.split(html, maxsplit=1)
    return mark_safe(parts[0] if len(parts) == 2 else "")


def full_html(html: str) -> SafeString:
    """Rendered HTML without the `[mehr]` line."""
    return mark_safe(MORE_MARKER.sub("", html))


def public_text(obj: Model) -> str:
    """
    What anybody may read about `obj` without signing in: its description
    for search engines, else its summary (which for a protected text is
    made from the teaser only).
    """
    return getattr(obj, "meta_description", "") or getattr(obj, "summary", "")


def opened_by(product_ids: list[int]) -> list[Model]:
    """The protected texts of every app that these products open."""
    found = []
    for app in site_apps():
        found.extend(app.protected_content(product_ids))
    return found
