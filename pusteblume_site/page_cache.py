"""
Whole-page cache for readers, which never shows stale content.

Every cached page is keyed by a content version. Saving or deleting any
content drops the version, so every page is rendered afresh on its next
request. Content is what the apps declare in their AppConfig's
`content_models` (posts, pages, categories, tags, newsletter issues …), plus
the site settings. The version also expires by itself at the next scheduled
publication any app reports, so a post planned for 9:00 appears at 9:00
without anybody touching the admin.

A page is cached under its path and only the query parameters its view
reads (`reads_params`): a link shared with `?fbclid=…` or `?utm_source=…`, or
any other parameter the view ignores, is served the clean address's copy, and
the view never sees such a parameter, so both render the same page.

With Redis as the cache (REDIS_URL) every app process shares the version and
the pages; with the local-memory cache only a single process may serve the
site (a system check warns about this in production).
"""

import contextlib
import functools
import hashlib
import re
import secrets
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe, urlencode
from django_tasks.backends.immediate import ImmediateBackend

from .apps import site_apps

VERSION_KEY = "page-cache:version"
PAGE_TIMEOUT = 60 * 60
# The shared machinery's own content; the apps add theirs.
SHARED_CONTENT_MODELS = ("pusteblume_site.SiteSettings",)


# A page number: digits, at most 9999 ("002" is page 2, "1" the list itself).
PAGE_NUMBER = re.compile(r"0*([1-9][0-9]{0,3})")
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
# Values derived from content (the settings row, the menu pages, the sidebar's
# lists), read once per request however many templates ask for them.
_request_values: ContextVar[dict | None] = ContextVar("content_values", default=None)


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


def content_value(
    key: str,
    compute: Callable,
    timeout: int = PAGE_TIMEOUT,
    *,
    alias: str = "template_fragments",
):
    """
    What `compute()` returns for the current content, kept in the cache under
    `<key>:<content version>` and read from there once per request: the
    header, the footer and the sidebar may all ask for the same value.
    """
    key = f"{key}:{content_version()}"
    values = _request_values.get()
    if values is None:
        return caches[alias].get_or_set(key, compute, timeout)
    if key not in values:
        values[key] = caches[alias].get_or_set(key, compute, timeout)
    return values[key]


def drop_content_version(**kwargs) -> None:
    _request_version.set(None)
    cache.delete(VERSION_KEY)


def content_changed(instance: Model | None = None) -> None:
    """
    Renew every cached page: what saving a content model does, for a change
    that is not one (a new consent wording published, say). The pages
    readers see most are then rendered again in the background.
    """
    drop_content_version()
    # A reader may render the old content between the change and its
    # commit; dropping the version again afterwards discards that page.
    transaction.on_commit(drop_content_version)
    render_in_background(instance)


def _content_changed(sender, instance=None, **kwargs) -> None:
    # A content model may tell that a save leaves readers' pages alone (a
    # new comment waiting for approval): spam then cannot empty the cache.
    if not getattr(instance, "changes_reader_pages", True):
        return
    if sender._meta.label_lower not in _content_labels():
        return
    # Migrations save through historical models; nobody reads pages then.
    if sender.__module__ == "__fake__" or kwargs.get("raw"):
        drop_content_version()
        return
    content_changed(instance)


# The changes to render pages for after the commit; one save in the admin
# sends several signals (the post, its tags, its gallery): one task.
_to_render = threading.local()


@contextlib.contextmanager
def without_background_rendering():
    """
    Changes within renew the cache but queue no rendering: a restore, whose
    rows must be exactly the archive's.
    """
    _to_render.paused = True
    try:
        yield
    finally:
        _to_render.paused = False


def render_in_background(instance: Model | None = None) -> None:
    """
    After the commit, have the worker render the pages readers see most
    for this change (the apps' pages_to_render), so no reader waits for
    them. Not with the immediate task backend, which would render them
    during the editor's save.
    """
    from .tasks import render_pages_task

    if getattr(_to_render, "paused", False) or isinstance(
        render_pages_task.get_backend(), ImmediateBackend
    ):
        return
    changes = getattr(_to_render, "changes", None)
    if changes is None:
        changes = _to_render.changes = set()
    if instance is not None and instance.pk is not None:
        changes.add((instance._meta.label_lower, instance.pk))
    transaction.on_commit(_enqueue_rendering, robust=True)


def _enqueue_rendering() -> None:
    changes = getattr(_to_render, "changes", None)
    if changes is None:
        return  # an earlier callback of the same commit queued them
    from .tasks import render_pages_task

    _to_render.changes = None
    render_pages_task.enqueue(changes=[list(change) for change in sorted(changes)])


_labels: set[str] | None = None


def _content_labels() -> set[str]:
    global _labels
    if _labels is None:
        _labels = content_models()
    return _labels


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"page-cache-{signal!r}")


@dataclass(frozen=True)
class ReadParams:
    names: frozenset[str]
    cached: bool


IGNORES_PARAMS = ReadParams(names=frozenset(), cached=True)


def reads_params(*names: str, cache: bool = True) -> Callable:
    """
    Declare the query parameters a view reads, as a decorator for a view
    function or class (or around a view in a URL pattern).

    The page cache keys a page by these alone; every other parameter
    (tracking parameters such as utm_source or fbclid, junk such as ?x=1) is
    taken off the request before the view runs, and the page is served from
    the clean address's copy. A view that declares nothing reads nothing.
    "page" must be a plain page number. With cache=False a request that
    carries any of the parameters (a search query) is rendered for the
    reader who asked and never cached; the bare address still is.
    """
    declared = ReadParams(names=frozenset(names), cached=cache)

    def decorate(view):
        if isinstance(view, type):
            view.page_cache_params = declared
            return view

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.page_cache_params = declared
        return wrapped

    return decorate


def declared_params(path: str) -> ReadParams:
    """What the view at `path` declared with reads_params()."""
    try:
        return view_params(resolve(path).func)
    except Resolver404:
        return IGNORES_PARAMS


def view_params(view: Callable) -> ReadParams:
    owner = getattr(view, "view_class", view)
    return getattr(owner, "page_cache_params", IGNORES_PARAMS)


def clean_query(query: QueryDict, declared: ReadParams) -> str | None:
    """
    The query string the page is cached under: the declared parameters
    only, sorted, each once; None when the page is not to be cached (the
    view's parameters are not cached, or a page number is not a plain one).
    """
    read = declared.names & query.keys()
    if read and not declared.cached:
        return None
    kept = {}
    for name in sorted(read):
        value = query[name].strip()
        if name == "page":
            number = PAGE_NUMBER.fullmatch(value)
            if number is None:
                return None
            value = "" if number[1] == "1" else number[1]
        if value:
            kept[name] = value
    return urlencode(kept)


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
        _request_values.set({})
        try:
            return self.respond(request)
        finally:
            _request_version.set(None)
            _request_values.set(None)

    def respond(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(FILE_PREFIXES):
            return self.get_response(request)
        _request_version.set(content_version())
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response

        if request.META.get("QUERY_STRING"):
            query = clean_query(request.GET, declared_params(request.path_info))
            if query is None:
                return self.get_response(request)
            # The view sees the request as if it came to the clean address,
            # so the page it renders is the one stored for that address.
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)

        key = self.cache_key(request)
        pages = caches["template_fragments"]
        stored = pages.get(key)
        if stored is None:
            response = self.get_response(request)
            if self.is_cacheable_response(response):
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
        )

    @staticmethod
    def is_cacheable_response(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
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
