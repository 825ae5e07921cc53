from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from . import search as site_search
from .page_cache import PAGE_TIMEOUT, content_version

RESULTS_PER_PAGE = 10


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    return redirect(static("img/favicon.svg"), permanent=True)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploads, when Django serves them itself (development, benchmarks)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a file name longer than the system allows
        raise Http404 from error


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
    latest = caches["template_fragments"].get_or_set(
        f"search:latest:{content_version()}", site_search.latest, PAGE_TIMEOUT
    )
    return render(request, "404.html", {"latest": latest}, status=404)
