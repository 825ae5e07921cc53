from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.static import serve


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    return redirect(static("img/favicon.svg"), permanent=True)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploads, when Django serves them itself (development, benchmarks)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a file name longer than the system allows
        raise Http404 from error
