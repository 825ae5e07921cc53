import logging
import uuid
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve

from . import safety
from . import search as site_search
from .logs import current_request_id
from .page_cache import content_value, reads_params

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    return redirect(static("img/favicon.svg"), permanent=True)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploads, when Django serves them itself (development, benchmarks)."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:  # e.g. a name too long for the system
        raise Http404 from error
    return safe_media_headers(response, path)


# Shown in the page; anything else (an SVG, which can carry script, a PDF)
# is offered as a download and never sniffed into something else.
INLINE_MEDIA_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/avif",
}


def safe_media_headers(response: HttpResponse, path: str) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == HTTPStatus.OK and content_type not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=path.rsplit("/", 1)[-1]
        )
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """
    200 when the database and the cache answer, 503 otherwise; for a load
    balancer or uptime monitor. Strangers learn nothing beyond that.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", timeout=10)
        if cache.get(key) != "1":
            raise ConnectionError("cache returned nothing")
        cache.delete(key)
    except Exception:  # any failure means unhealthy; the log says which
        logger.exception("Health check failed")
        return HttpResponse(
            "unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return safety.error_page(HTTPStatus.BAD_REQUEST)


def server_error(request: HttpRequest) -> HttpResponse:
    # Self-contained: whatever broke must not break the error page too.
    html = loader.render_to_string("500.html", {"request_id": current_request_id()})
    return HttpResponseServerError(html)


def admin_locked_out(
    request: HttpRequest, original_response, credentials
) -> HttpResponse:
    """The page axes shows a locked login, in the admin's own frame."""
    from django.contrib import admin

    context = admin.site.each_context(request) | {
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "title": "Anmeldung vorübergehend gesperrt",
    }
    return TemplateResponse(
        request,
        "admin/locked_out.html",
        context,
        status=HTTPStatus.TOO_MANY_REQUESTS,
    ).render()


@reads_params("q", "page", cache=False)
@require_GET
@never_cache
def search(request: HttpRequest) -> HttpResponse:
    """
    The site search (?q=, ?page=). Any query gets a page: cleaned, cut at
    200 characters; nothing found offers the closest spelling and the
    latest posts. Never cached: the page depends on q.
    """
    query = site_search.clean_query(request.GET.get("q", ""))
    finder = site_search.SiteSearch(query)
    context = {"query": query, "searched": not finder.is_empty, "hits": []}
    if not finder.is_empty:
        paginator = Paginator(finder.page_queryset(), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["hits"] = finder.hits(list(page_obj.object_list))
    if query and not context["hits"]:
        context["suggestion"] = finder.suggestion()
        context["latest"] = site_search.latest()
    return render(request, "search.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page, with the search field and the latest posts."""
    latest = content_value("search:latest", site_search.latest)
    return render(request, "404.html", {"latest": latest}, status=404)
