"""
Background rendering of the pages readers see most, after a change.

A change of content starts a new content version, so every cached page is
gone; without this the first reader of each page would wait for its full
render. The worker renders them instead, as an anonymous reader at the
site's public address (DJANGO_SITE_URL) with a browser's Accept-Encoding,
through the whole middleware stack, so the page cache stores exactly the
copy a reader's request looks up.
"""

import io
import logging
import sys
from http import HTTPStatus
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django_tasks import task

from .apps import site_apps

logger = logging.getLogger(__name__)

# What browsers send; the page cache keeps a gzip and a plain copy apart.
BROWSER_ENCODING = "gzip, deflate, br"


@task()
def render_pages_task(changes: list[list]) -> int:
    """Render the pages for changes given as [model label, primary key]."""
    return render_pages(pages_to_render(changes))


def pages_to_render(changes: list[list]) -> list[str]:
    """
    The paths the apps name for these changes (pages_to_render), and those
    they name for any change. Read here, in the worker, so the editor's
    save does no work for it; a row deleted since counts as no row.
    """
    instances = [None]
    for label, pk in changes:
        model = apps.get_model(label)
        instances.append(model._default_manager.filter(pk=pk).first())
    paths = set()
    for app in site_apps():
        for instance in instances:
            paths.update(app.pages_to_render(instance))
    return sorted(paths)


def render_pages(paths: list[str]) -> int:
    """Render each path as a reader would see it; how many answered 200."""
    handler = WSGIHandler()
    rendered = 0
    for path in paths:
        # get_response() rather than calling the handler: no request_started
        # or request_finished, which would close the worker's connection.
        response = handler.get_response(WSGIRequest(reader_environ(path)))
        if response.status_code == HTTPStatus.OK:
            rendered += 1
        else:
            # A deleted post's address answers 410 Gone, say.
            logger.info("Rendering %s in advance: %s", path, response.status_code)
    return rendered


def reader_environ(path: str) -> dict:
    """A WSGI environ for an anonymous GET of `path` at the public address."""
    site = urlsplit(settings.SITE_URL)
    secure = site.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "HTTP_ACCEPT_ENCODING": BROWSER_ENCODING,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header and secure:
        # Behind the TLS proxy a reader's request carries its header.
        header, value = proxy_header
        environ[header] = value
    return environ
