from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.static import serve

from blog.models import Post

from .models import HOME_SLUG, Page

LATEST_POSTS_ON_HOME = 6


def home(request: HttpRequest) -> HttpResponse:
    page = Page.objects.published().filter(slug=HOME_SLUG).first()
    latest_posts = Post.objects.published().for_list()[:LATEST_POSTS_ON_HOME]
    return render(
        request, "pages/home.html", {"page": page, "latest_posts": latest_posts}
    )


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """
    A published page. Editors also see unpublished ones, marked as such and
    never cached; everyone else gets a 404 for those.
    """
    if slug == HOME_SLUG:
        return redirect("pages:home", permanent=True)
    page = Page.objects.published().filter(slug=slug).first()
    # Only a miss looks at the user, so a reader's page never touches the
    # session (and carries no "Vary: Cookie").
    if page is None and request.user.has_perm("pages.change_page"):
        page = get_object_or_404(Page, slug=slug)
    if page is None or page.get_absolute_url() != request.path:
        # The "blog" page only lends its texts to /blog/.
        raise Http404
    response = render(request, "pages/page_detail.html", {"page": page})
    if not page.is_published:
        add_never_cache_headers(response)
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    return redirect(static("img/favicon.svg"), permanent=True)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploads, when Django serves them itself (development, benchmarks)."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # e.g. a file name longer than the system allows
        raise Http404 from error
