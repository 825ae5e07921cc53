"""
Whole-page cache for readers, which never shows stale content.

Every cached page is keyed by a content version. Saving or deleting any
content drops the version, so every page is rendered afresh on its next
request. Content is what the apps declare in their AppConfig's
`content_models` (posts, pages, categories, tags, newsletter issues …), plus
the site settings. The version also expires by itself at the next scheduled
publication any app reports, so a post planned for 9:00 appears at 9:00
without anybody touching the admin.

With Redis as the cache (REDIS_URL) every app process shares the version and
the pages; with the local-memory cache only a single process may serve the
site (a system check warns about this in production).
"""

import hashlib
import re
import secrets
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.views.generic.list import MultipleObjectMixin

from .apps import site_apps

VERSION_KEY = "page-cache:version"
PAGE_TIMEOUT = 60 * 60
# The shared machinery's own content; the apps add theirs.
SHARED_CONTENT_MODELS = ("pusteblume_site.SiteSettings",)


# A page number is the one query parameter worth caching, and only on list
# views in its plain form; any other parameter is rendered but not cached, so
# junk URLs cannot flood the cache.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
FILE_PREFIXES = ("/static/", "/media/")
UNCACHED_PREFIXES = FILE_PREFIXES


def content_models() -> set[str]:
    """Lower-case labels of every model whose rows show on reader pages."""
    labels = {*SHARED_CONTENT_MODELS}
    for app in site_apps():
        labels.update(app.content_models)
    return {label.lower() for label in labels}


def next_publication() -> datetime | None:
    """The time the next scheduled content of any app goes live, if any."""
    upcoming = [moment for app in site_apps() if (moment := app.next_publication())]
    return min(upcoming, default=None)


# The version as read once per request: pages ask for it many times (page
# key, fragments, sidebar), and each read would be a round trip to Redis.
_request_version: ContextVar[str | None] = ContextVar("content_version", default=None)


def content_version() -> str:
    version = _request_version.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        timeout = PAGE_TIMEOUT * 24
        upcoming = next_publication()
        if upcoming is not None:
            seconds = (upcoming - timezone.now()).total_seconds()
            timeout = max(1, min(timeout, int(seconds) + 1))
        # add() lets the first process win, so all processes agree.
        cache.add(VERSION_KEY, secrets.token_hex(6), timeout)
        version = cache.get(VERSION_KEY) or "fallback"
    return version


def drop_content_version(**kwargs) -> None:
    _request_version.set(None)
    cache.delete(VERSION_KEY)


def content_changed() -> None:
    """
    Renew every cached page: what saving a content model does, for a change
    that is not one (a new consent wording published, say).
    """
    drop_content_version()
    # A reader may render the old content between the change and its
    # commit; dropping the version again afterwards discards that page.
    transaction.on_commit(drop_content_version)


def _content_changed(sender, instance=None, **kwargs) -> None:
    # A content model may tell that a save leaves readers' pages alone (a
    # new comment waiting for approval): spam then cannot empty the cache.
    if not getattr(instance, "changes_reader_pages", True):
        return
    if sender._meta.label_lower in _content_labels():
        content_changed()


_labels: set[str] | None = None


def _content_labels() -> set[str]:
    global _labels
    if _labels is None:
        _labels = content_models()
    return _labels


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{signal!r}")


class PageCacheMiddleware:
    """
    Serve anonymous GET requests from the cache, with ETag and 304 answers.

    It stands first in MIDDLEWARE, so a hit skips every other layer; what it
    stores already carries the headers they added. A request with a session
    cookie may belong to an editor and is never served from, nor stored in,
    the cache; neither is a response that sets a cookie or declares itself
    private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _request_version.set(None)
        try:
            return self.respond(request)
        finally:
            _request_version.set(None)

    def respond(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(FILE_PREFIXES):
            return self.get_response(request)
        _request_version.set(content_version())
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response

        key = self.cache_key(request)
        pages = caches["template_fragments"]
        stored = pages.get(key)
        if stored is None:
            response = self.get_response(request)
            if self.is_cacheable_response(request, response):
                set_response_etag(response)
                # A view that knows when its content changed (the feeds)
                # says so; If-Modified-Since then works on hits too.
                if not response.has_header("Last-Modified"):
                    response["Last-Modified"] = http_date()
                patch_cache_control(response, public=True, max_age=0)
                pages.set(
                    key,
                    (response.status_code, list(response.items()), response.content),
                    PAGE_TIMEOUT,
                )
                response["X-Page-Cache"] = "miss"
        else:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for header, value in headers:
                response[header] = value
            response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    @staticmethod
    def is_cacheable_request(request: HttpRequest) -> bool:
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(
                (f"/{settings.ADMIN_URL}", *UNCACHED_PREFIXES)
            )
            and (
                not request.GET
                or (
                    list(request.GET) == ["page"]
                    and PAGE_NUMBER.fullmatch(request.GET["page"]) is not None
                )
            )
        )

    @staticmethod
    def is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        if "page" in request.GET:
            match = getattr(request, "resolver_match", None)
            view_class = getattr(getattr(match, "func", None), "view_class", None)
            if not (view_class and issubclass(view_class, MultipleObjectMixin)):
                return False
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )

    @staticmethod
    def cache_key(request: HttpRequest) -> str:
        encoding = (
            "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else ""
        )
        raw = (
            f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            f":{encoding}"
        )
        digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
        return f"page-cache:{content_version()}:{digest}"
